package dev.metacircular.apps.hardening;

import static dev.metacircular.apps.hardening.AudienceServers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.CreateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.RenewTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.SetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoRequest;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 1 and 2 at the gRPC doors: the identity service's gRPC API accepts only {@code
 * mcias} tokens, the crypto service's only {@code metacrypt} ones; validation answers and checks
 * the audience; service tokens are issued for a named service.
 */
class AudienceGrpcTest {

  @TempDir Path dir;
  AudienceServers s;
  ManagedChannel channel;
  Account alice;

  @BeforeEach
  void start() {
    s = new AudienceServers(dir);
    s.human("root", Role.ADMIN);
    alice = s.human("alice", Role.USER);
    channel = s.identityChannel();
  }

  @AfterEach
  void stop() {
    AudienceServers.shutdown(channel);
    s.close();
  }

  private String login(String username, String service) {
    LoginRequest.Builder request =
        LoginRequest.newBuilder().setUsername(username).setPassword(AudienceServers.PASSWORD);
    if (service != null) {
      request.setServiceName(service);
    }
    return AuthServiceGrpc.newBlockingStub(channel).login(request.build()).getToken();
  }

  private ValidateTokenResponse validate(String token, String audience) {
    return TokenServiceGrpc.newBlockingStub(channel)
        .validateToken(
            ValidateTokenRequest.newBuilder().setToken(token).setAudience(audience).build());
  }

  private static void assertUnauthenticated(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).isEqualTo("invalid or expired token");
            });
  }

  private void assertRefusedByIdentityApi(String token) {
    var accounts = bearer(AccountServiceGrpc.newBlockingStub(channel), token);
    assertUnauthenticated(() -> accounts.listAccounts(ListAccountsRequest.getDefaultInstance()));
    assertUnauthenticated(
        () ->
            accounts.createAccount(
                CreateAccountRequest.newBuilder()
                    .setUsername("mallory")
                    .setAccountType("human")
                    .setPassword("a long enough password")
                    .addRoles("admin")
                    .build()));
    assertUnauthenticated(
        () ->
            accounts.setRoles(
                SetRolesRequest.newBuilder()
                    .setId(alice.id().toString())
                    .addRoles("admin")
                    .build()));
    var tokens = bearer(TokenServiceGrpc.newBlockingStub(channel), token);
    assertUnauthenticated(
        () ->
            tokens.issueServiceToken(
                IssueServiceTokenRequest.newBuilder().setAccountId(alice.id().toString()).build()));
    assertThat(s.identity.core().accounts().getByUsername(AudienceServers.SETUP, "alice").roles())
        .containsExactly(Role.USER);
  }

  @Test
  void anAdminTokenMintedForAnotherServiceCannotAdministerTheIdentityService() {
    assertRefusedByIdentityApi(login("root", "otherapp"));
    assertRefusedByIdentityApi(login("root", "metacrypt"));

    var own = bearer(AccountServiceGrpc.newBlockingStub(channel), login("root", null));
    assertThat(own.listAccounts(ListAccountsRequest.getDefaultInstance()).getAccountsCount())
        .isEqualTo(2);
  }

  @Test
  void aTokenFromTheCryptoServicesGrpcLoginIsForTheCryptoServiceOnly() {
    ManagedChannel crypto = s.channel(s.crypto().grpcPort());
    try {
      String cryptoToken =
          dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc.newBlockingStub(crypto)
              .login(
                  dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest.newBuilder()
                      .setUsername("root")
                      .setPassword(AudienceServers.PASSWORD)
                      .build())
              .getToken();
      var cryptoAuth =
          dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc.newBlockingStub(crypto);
      assertThat(
              bearer(cryptoAuth, cryptoToken)
                  .tokenInfo(TokenInfoRequest.getDefaultInstance())
                  .getUsername())
          .isEqualTo("root");
      assertRefusedByIdentityApi(cryptoToken);

      // And the other way round: an identity token (no service named) is no crypto token.
      String identityToken = login("root", null);
      assertUnauthenticated(
          () -> bearer(cryptoAuth, identityToken).tokenInfo(TokenInfoRequest.getDefaultInstance()));
    } finally {
      AudienceServers.shutdown(crypto);
    }
  }

  @Test
  void validateAnswersTheAudienceAndChecksOneWhenAsked() {
    String token = login("alice", "metacrypt");

    assertThat(validate(token, "").getAud()).isEqualTo("metacrypt");
    assertThat(validate(token, "metacrypt").getValid()).isTrue();
    ValidateTokenResponse wrong = validate(token, "mcias");
    assertThat(wrong.getValid()).isFalse();
    assertThat(wrong.getAud()).isEmpty();
    assertThat(validate(login("alice", null), "").getAud()).isEqualTo("mcias");
  }

  @Test
  void aServiceTokenIsForTheServiceNamedAtIssueAndRenewKeepsIt() {
    var admin = bearer(TokenServiceGrpc.newBlockingStub(channel), login("root", null));
    Account ci = s.system("ci");

    String forCrypto =
        admin
            .issueServiceToken(
                IssueServiceTokenRequest.newBuilder()
                    .setAccountId(ci.id().toString())
                    .setServiceName("metacrypt")
                    .build())
            .getToken();
    String forIdentity =
        admin
            .issueServiceToken(
                IssueServiceTokenRequest.newBuilder().setAccountId(ci.id().toString()).build())
            .getToken();

    assertThat(validate(forCrypto, "").getAud()).isEqualTo("metacrypt");
    assertThat(validate(forIdentity, "").getAud()).isEqualTo("mcias");
    String renewed =
        bearer(AuthServiceGrpc.newBlockingStub(channel), forCrypto)
            .renewToken(RenewTokenRequest.getDefaultInstance())
            .getToken();
    assertThat(validate(renewed, "").getAud()).isEqualTo("metacrypt");
  }
}
