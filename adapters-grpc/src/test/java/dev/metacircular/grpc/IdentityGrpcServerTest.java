package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.audit.v1.AuditEvent;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.grpc.proto.audit.v1.TailRequest;
import dev.metacircular.grpc.proto.mcias.v1.Account;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.CreateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.DeleteAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.EnrollTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetPublicKeyRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.HealthRequest;
import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListTokensRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginResponse;
import dev.metacircular.grpc.proto.mcias.v1.LogoutRequest;
import dev.metacircular.grpc.proto.mcias.v1.RemoveTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.RenewTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.RevokeTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.SetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.UpdateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenResponse;
import dev.metacircular.grpc.proto.policy.v1.CreateRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.DeleteRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainResource;
import dev.metacircular.grpc.proto.policy.v1.ExplainSubject;
import dev.metacircular.grpc.proto.policy.v1.ListRulesRequest;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.grpc.proto.policy.v1.Subjects;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The identity service's gRPC API over TLS, in front of the real identity core. */
class IdentityGrpcServerTest {
  static TestPlatform p;

  @BeforeAll
  static void start() {
    p = new TestPlatform();
  }

  @AfterAll
  static void stop() {
    p.close();
  }

  static String login(String username) {
    return AuthServiceGrpc.newBlockingStub(p.identityChannel)
        .login(
            LoginRequest.newBuilder()
                .setUsername(username)
                .setPassword(TestPlatform.PASSWORD)
                .build())
        .getToken();
  }

  static AccountServiceGrpc.AccountServiceBlockingStub accounts(String token) {
    return AccountServiceGrpc.newBlockingStub(p.identityChannel)
        .withInterceptors(TestPlatform.bearer(token));
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              if (description != null) {
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
              }
            });
  }

  /** Calls {@code method} with {@code request} as the raw bytes of its request message. */
  static byte[] rawCall(io.grpc.Channel channel, String method, byte[] request) {
    io.grpc.MethodDescriptor.Marshaller<byte[]> bytes =
        new io.grpc.MethodDescriptor.Marshaller<>() {
          @Override
          public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(java.io.InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    return io.grpc.stub.ClientCalls.blockingUnaryCall(
        channel,
        io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method)
            .setRequestMarshaller(bytes)
            .setResponseMarshaller(bytes)
            .build(),
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request);
  }

  /** Unknown groups nested {@code depth} deep (field 15): past protobuf's recursion limit. */
  static byte[] nestedGroups(int depth) {
    byte[] out = new byte[2 * depth];
    java.util.Arrays.fill(out, 0, depth, (byte) ((15 << 3) | 3));
    java.util.Arrays.fill(out, depth, 2 * depth, (byte) ((15 << 3) | 4));
    return out;
  }

  @Test
  void aRequestThatDoesNotParseIsInvalidArgument() {
    for (byte[] bad :
        new byte[][] {
          nestedGroups(200), {(byte) 0xff, (byte) 0xff, (byte) 0xff}, {0x0a, 0x7f, 0x41}
        }) {
      assertStatus(
          () -> rawCall(p.identityChannel, "metacircular.mcias.v1.AuthService/Login", bad),
          Status.Code.INVALID_ARGUMENT,
          RequestParsing.MALFORMED);
      assertStatus(
          () -> rawCall(p.cryptoChannel, "metacircular.metacrypt.v1.SystemService/Status", bad),
          Status.Code.INVALID_ARGUMENT,
          RequestParsing.MALFORMED);
    }
    // Shallow nesting parses (the unknown field is skipped) and reaches the service.
    assertThat(
            rawCall(
                p.identityChannel, "metacircular.mcias.v1.AdminService/Health", nestedGroups(3)))
        .isNotEmpty();
  }

  @Test
  void healthAndPublicKeyArePublic() {
    var admin = AdminServiceGrpc.newBlockingStub(p.identityChannel);
    assertThat(admin.health(HealthRequest.getDefaultInstance()).getStatus()).isEqualTo("ok");
    var key = admin.getPublicKey(GetPublicKeyRequest.getDefaultInstance());
    assertThat(key.getKty()).isEqualTo("OKP");
    assertThat(key.getCrv()).isEqualTo("Ed25519");
    assertThat(key.getAlg()).isEqualTo("EdDSA");
    assertThat(key.getPem()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(key.getKid()).isNotEmpty();
  }

  @Test
  void loginValidateRenewLogout() {
    String token = login(TestPlatform.USER);
    var tokens = TokenServiceGrpc.newBlockingStub(p.identityChannel);
    ValidateTokenResponse valid =
        tokens.validateToken(ValidateTokenRequest.newBuilder().setToken(token).build());
    assertThat(valid.getValid()).isTrue();
    assertThat(valid.getUsername()).isEqualTo(TestPlatform.USER);
    assertThat(valid.getRolesList()).containsExactly("user");
    assertThat(valid.getAccountType()).isEqualTo("human");
    assertThat(valid.getExpiresAt().getSeconds()).isGreaterThan(0);

    var auth = AuthServiceGrpc.newBlockingStub(p.identityChannel);
    LoginResponse renewed =
        auth.withInterceptors(TestPlatform.bearer(token))
            .renewToken(RenewTokenRequest.getDefaultInstance());
    assertThat(renewed.getToken()).isNotEqualTo(token);
    // renewal revokes the presented token
    assertThat(
            tokens
                .validateToken(ValidateTokenRequest.newBuilder().setToken(token).build())
                .getValid())
        .isFalse();

    auth.withInterceptors(TestPlatform.bearer(renewed.getToken()))
        .logout(LogoutRequest.getDefaultInstance());
    assertThat(
            tokens
                .validateToken(
                    ValidateTokenRequest.newBuilder().setToken(renewed.getToken()).build())
                .getValid())
        .isFalse();
    assertStatus(
        () -> auth.logout(LogoutRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "missing token");
  }

  @Test
  void aBadTokenIsNotAnError() {
    var tokens = TokenServiceGrpc.newBlockingStub(p.identityChannel);
    assertThat(
            tokens
                .validateToken(ValidateTokenRequest.newBuilder().setToken("x.y.z").build())
                .getValid())
        .isFalse();
    assertThat(tokens.validateToken(ValidateTokenRequest.getDefaultInstance()).getValid())
        .isFalse();
  }

  @Test
  void wrongPasswordIsUnauthenticatedAndEmptyPasswordInvalid() {
    var auth = AuthServiceGrpc.newBlockingStub(p.identityChannel);
    assertStatus(
        () ->
            auth.login(
                LoginRequest.newBuilder()
                    .setUsername(TestPlatform.ADMIN)
                    .setPassword("wrong password here")
                    .build()),
        Status.Code.UNAUTHENTICATED,
        "invalid credentials");
    assertStatus(
        () -> auth.login(LoginRequest.newBuilder().setUsername(TestPlatform.ADMIN).build()),
        Status.Code.INVALID_ARGUMENT,
        "password is required");
  }

  @Test
  void accountCrudAndRolesForAdminsOnly() {
    String admin = login(TestPlatform.ADMIN);
    Account bob =
        accounts(admin)
            .createAccount(
                CreateAccountRequest.newBuilder()
                    .setUsername("bob")
                    .setAccountType("human")
                    .setPassword("bob's long password")
                    .addRoles("user")
                    .build());
    assertThat(bob.getUsername()).isEqualTo("bob");
    assertThat(bob.getStatus()).isEqualTo("active");
    assertThat(bob.getRolesList()).containsExactly("user");
    assertThat(
            accounts(admin)
                .listAccounts(ListAccountsRequest.getDefaultInstance())
                .getAccountsList())
        .extracting(Account::getUsername)
        .contains("ops", "alice", "bob");
    assertThat(
            accounts(admin)
                .getAccount(GetAccountRequest.newBuilder().setId(bob.getId()).build())
                .getUsername())
        .isEqualTo("bob");
    assertThat(
            accounts(admin)
                .setRoles(
                    SetRolesRequest.newBuilder()
                        .setId(bob.getId())
                        .addRoles("guest")
                        .addRoles("user")
                        .build())
                .getRolesList())
        .containsExactly("guest", "user");
    assertThat(
            accounts(admin)
                .getRoles(GetRolesRequest.newBuilder().setId(bob.getId()).build())
                .getRolesList())
        .containsExactly("guest", "user");
    assertThat(
            accounts(admin)
                .updateAccount(
                    UpdateAccountRequest.newBuilder()
                        .setId(bob.getId())
                        .setStatus("inactive")
                        .build())
                .getStatus())
        .isEqualTo("inactive");
    assertStatus(
        () ->
            accounts(admin)
                .createAccount(
                    CreateAccountRequest.newBuilder()
                        .setUsername("bob")
                        .setAccountType("human")
                        .build()),
        Status.Code.ALREADY_EXISTS,
        null);
    assertStatus(
        () ->
            accounts(admin).getAccount(GetAccountRequest.newBuilder().setId("not-a-uuid").build()),
        Status.Code.INVALID_ARGUMENT,
        "invalid account id");
    assertStatus(
        () ->
            accounts(admin)
                .getAccount(
                    GetAccountRequest.newBuilder()
                        .setId("00000000-0000-0000-0000-000000000000")
                        .build()),
        Status.Code.NOT_FOUND,
        null);
    accounts(admin).deleteAccount(DeleteAccountRequest.newBuilder().setId(bob.getId()).build());

    String user = login(TestPlatform.USER);
    assertStatus(
        () -> accounts(user).listAccounts(ListAccountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "admin role required");
    assertStatus(
        () ->
            AccountServiceGrpc.newBlockingStub(p.identityChannel)
                .listAccounts(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "missing token");
    assertStatus(
        () -> accounts("not.a.token").listAccounts(ListAccountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "invalid or expired token");
  }

  @Test
  void serviceTokensAreIssuedListedAndRevoked() {
    String admin = login(TestPlatform.ADMIN);
    Account robot =
        accounts(admin)
            .createAccount(
                CreateAccountRequest.newBuilder()
                    .setUsername("robot")
                    .setAccountType("system")
                    .build());
    var tokens =
        TokenServiceGrpc.newBlockingStub(p.identityChannel)
            .withInterceptors(TestPlatform.bearer(admin));
    var issued =
        tokens.issueServiceToken(
            IssueServiceTokenRequest.newBuilder()
                .setAccountId(robot.getId())
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(3600))
                .build());
    var validation =
        TokenServiceGrpc.newBlockingStub(p.identityChannel)
            .validateToken(ValidateTokenRequest.newBuilder().setToken(issued.getToken()).build());
    assertThat(validation.getValid()).isTrue();
    assertThat(validation.getAccountType()).isEqualTo("system");
    assertThat(
            tokens
                .listTokens(ListTokensRequest.newBuilder().setAccountId(robot.getId()).build())
                .getTokensList())
        .singleElement()
        .satisfies(t -> assertThat(t.getKind()).isEqualTo("service"));
    tokens.revokeToken(RevokeTokenRequest.newBuilder().setJti(issued.getJti()).build());
    assertThat(
            TokenServiceGrpc.newBlockingStub(p.identityChannel)
                .validateToken(
                    ValidateTokenRequest.newBuilder().setToken(issued.getToken()).build())
                .getValid())
        .isFalse();
    assertStatus(
        () -> tokens.revokeToken(RevokeTokenRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "jti is required");
  }

  @Test
  void totpEnrolmentNeedsTheCurrentPassword() {
    String user = login(TestPlatform.USER);
    var auth =
        AuthServiceGrpc.newBlockingStub(p.identityChannel)
            .withInterceptors(TestPlatform.bearer(user));
    assertStatus(
        () ->
            auth.enrollTOTP(EnrollTOTPRequest.newBuilder().setPassword("not the password").build()),
        Status.Code.UNAUTHENTICATED,
        null);
    var enrolment =
        auth.enrollTOTP(
            EnrollTOTPRequest.newBuilder()
                .setPasswordBytes(ByteString.copyFromUtf8(TestPlatform.PASSWORD))
                .build());
    assertThat(enrolment.getSecret()).matches("[A-Z2-7]+=*");
    assertThat(enrolment.getOtpauthUri()).startsWith("otpauth://totp/");
    // removing one's own pending enrolment is allowed
    auth.removeTOTP(RemoveTOTPRequest.getDefaultInstance());
    assertStatus(
        () ->
            AuthServiceGrpc.newBlockingStub(p.identityChannel)
                .enrollTOTP(EnrollTOTPRequest.newBuilder().setPassword("x").build()),
        Status.Code.UNAUTHENTICATED,
        "missing token");
  }

  @Test
  void loginPolicyRulesAndExplain() {
    String admin = login(TestPlatform.ADMIN);
    var policy =
        PolicyServiceGrpc.newBlockingStub(p.identityChannel)
            .withInterceptors(TestPlatform.bearer(admin));
    Rule created =
        policy.createRule(
            CreateRuleRequest.newBuilder()
                .setRule(
                    Rule.newBuilder()
                        .setId("deny-mallory")
                        .setEffect("deny")
                        .setDescription("no mallory")
                        .setSubjects(Subjects.newBuilder().addUsernames("mallory")))
                .build());
    assertThat(created.getPriority()).isEqualTo(100);
    assertThat(policy.listRules(ListRulesRequest.getDefaultInstance()).getRulesList())
        .extracting(Rule::getId)
        .contains("deny-mallory");
    var explained =
        policy.explain(
            ExplainRequest.newBuilder()
                .setSubject(
                    ExplainSubject.newBuilder().setUsername("mallory").setAccountType("human"))
                .setResource(ExplainResource.newBuilder().setService("metacrypt"))
                .setAction("login")
                .build());
    assertThat(explained.getDecision()).isEqualTo("deny");
    assertThat(explained.getRule().getId()).isEqualTo("deny-mallory");
    assertStatus(
        () ->
            policy.createRule(
                CreateRuleRequest.newBuilder().setRule(Rule.newBuilder().setId("x")).build()),
        Status.Code.INVALID_ARGUMENT,
        "effect is required");
    policy.deleteRule(DeleteRuleRequest.newBuilder().setId("deny-mallory").build());
  }

  @Test
  void auditQueryAndTail() {
    String admin = login(TestPlatform.ADMIN);
    var audit =
        AuditServiceGrpc.newBlockingStub(p.identityChannel)
            .withInterceptors(TestPlatform.bearer(admin));
    assertThat(audit.query(QueryRequest.newBuilder().setLimit(5).build()).getEventsList())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(5);
    Iterator<AuditEvent> last = audit.tail(TailRequest.newBuilder().setN(3).build());
    int n = 0;
    while (last.hasNext()) {
      last.next();
      n++;
    }
    assertThat(n).isEqualTo(3);
    assertStatus(
        () -> audit.query(QueryRequest.newBuilder().setLimit(10_001).build()),
        Status.Code.INVALID_ARGUMENT,
        null);
  }

  @Test
  void aFollowingTailStreamsNewEvents() {
    String admin = login(TestPlatform.ADMIN);
    var audit =
        AuditServiceGrpc.newBlockingStub(p.identityChannel)
            .withInterceptors(TestPlatform.bearer(admin))
            .withDeadlineAfter(20, TimeUnit.SECONDS);
    Iterator<AuditEvent> tail =
        audit.tail(TailRequest.newBuilder().setN(1).setFollow(true).build());
    tail.next(); // the newest event so far
    AuthServiceGrpc.newBlockingStub(p.identityChannel)
        .withInterceptors(TestPlatform.bearer(login(TestPlatform.USER)))
        .logout(LogoutRequest.getDefaultInstance());
    boolean sawLogout = false;
    for (int i = 0; i < 10 && !sawLogout; i++) {
      sawLogout = tail.next().getType().contains("logout");
    }
    assertThat(sawLogout).isTrue();
  }
}
