package dev.metacircular.grpc;

import static dev.metacircular.grpc.IdentityGrpcServerTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.GetPublicKeyRequest;
import dev.metacircular.grpc.proto.mcias.v1.HealthRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.UnsealRequest;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What every gRPC server gets at the door, whatever the service. */
class DoorTest {

  @Test
  void aMethodMissingFromEveryAccessMapStopsTheServerAtStart() {
    try (EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start()) {
      MethodAccess incomplete =
          new MethodAccess().publicMethods(AdminServiceGrpc.getHealthMethod());
      assertThatThrownBy(
              () ->
                  IdentityGrpcServer.start(
                      TestPlatform.identityApi(platform.identity()),
                      TestPlatform.settings(),
                      incomplete))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "metacircular.mcias.v1.AdminService/GetPublicKey has no access level")
          .hasMessageContaining("metacircular.audit.v1.AuditService/Tail has no access level");
    }
  }

  @Test
  void aMethodInTwoMapsIsRefused() {
    assertThatThrownBy(
            () ->
                new MethodAccess()
                    .publicMethods(AdminServiceGrpc.getHealthMethod())
                    .admin(AdminServiceGrpc.getHealthMethod()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two access maps");
  }

  @Test
  void everyServedMethodOfBothServersHasExactlyOneLevel() {
    try (EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start();
        var identity =
            IdentityGrpcServer.start(
                TestPlatform.identityApi(platform.identity()), TestPlatform.settings());
        var crypto = TestPlatform.startCrypto(platform.crypto(), TestPlatform.settings())) {
      assertThat(identity.port()).isPositive();
      assertThat(crypto.port()).isPositive().isNotEqualTo(identity.port());
    }
  }

  @Test
  void anInternalFailureIsInternalErrorWithoutDetailsAndLoggedWithTheTrace() {
    try (EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start()) {
      TokenValidationUseCase real = platform.identity().tokens();
      TokenValidationUseCase broken =
          new TokenValidationUseCase() {
            @Override
            public TokenValidation validate(String token) {
              return real.validate(token);
            }

            @Override
            public String audience() {
              return real.audience();
            }

            @Override
            public PublicSigningKey publicKey() {
              throw new IllegalStateException("database file /srv/secret/path is corrupt");
            }
          };
      var api = TestPlatform.identityApi(platform.identity());
      api =
          new IdentityUseCases(
              api.login(),
              api.sessions(),
              broken,
              api.tokenAdmin(),
              api.accounts(),
              api.totp(),
              api.loginPolicy(),
              api.audit(),
              api.ssoClients(),
              api.sso(),
              api.passkeys(),
              api.profile(),
              api.recoveryCodes());
      ListAppender<ILoggingEvent> errors = attach(Statuses.class.getName());
      try (var server = IdentityGrpcServer.start(api, TestPlatform.settings())) {
        ManagedChannel channel = TestPlatform.channel(server.port());
        try {
          assertStatus(
              () ->
                  AdminServiceGrpc.newBlockingStub(channel)
                      .getPublicKey(GetPublicKeyRequest.getDefaultInstance()),
              Status.Code.INTERNAL,
              "internal error");
        } finally {
          channel.shutdownNow();
        }
      }
      assertThat(errors.list)
          .anySatisfy(
              e -> {
                assertThat(e.getFormattedMessage()).contains("AdminService/GetPublicKey");
                assertThat(e.getThrowableProxy().getMessage()).contains("corrupt");
              });
    }
  }

  @Test
  void theAccessLogHasMethodStatusAndDurationButNoMetadataOrMessages() throws Exception {
    ListAppender<ILoggingEvent> access = attach(AccessLog.LOGGER);
    try (TestPlatform p = new TestPlatform()) {
      var auth = AuthServiceGrpc.newBlockingStub(p.identityChannel);
      String token =
          auth.login(
                  LoginRequest.newBuilder()
                      .setUsername(TestPlatform.ADMIN)
                      .setPassword(TestPlatform.PASSWORD)
                      .build())
              .getToken();
      AdminServiceGrpc.newBlockingStub(p.identityChannel)
          .withInterceptors(TestPlatform.bearer(token))
          .health(HealthRequest.getDefaultInstance());
      assertStatus(
          () ->
              auth.login(
                  LoginRequest.newBuilder()
                      .setUsername(TestPlatform.ADMIN)
                      .setPassword("a wrong password value")
                      .build()),
          Status.Code.UNAUTHENTICATED,
          null);
      // the server logs after closing the call: give it a moment
      for (int i = 0; i < 50 && access.list.size() < 3; i++) {
        Thread.sleep(20);
      }
      List<String> lines = access.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(l).matches("metacircular\\.mcias\\.v1\\.AuthService/Login OK \\d+ms"));
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .matches("metacircular\\.mcias\\.v1\\.AdminService/Health OK \\d+ms"));
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .matches(
                          "metacircular\\.mcias\\.v1\\.AuthService/Login UNAUTHENTICATED \\d+ms"));
      assertThat(String.join("\n", lines))
          .doesNotContain(token)
          .doesNotContain(TestPlatform.PASSWORD)
          .doesNotContain("a wrong password value")
          .doesNotContain("Bearer");
    }
  }

  @Test
  void anOversizedMessageIsRefusedBeforeItIsParsed() {
    try (TestPlatform p = new TestPlatform()) {
      String huge = "x".repeat(GrpcSettings.DEFAULT_MAX_MESSAGE_BYTES + 1);
      assertStatus(
          () ->
              AuthServiceGrpc.newBlockingStub(p.identityChannel)
                  .login(LoginRequest.newBuilder().setUsername("ops").setPassword(huge).build()),
          Status.Code.RESOURCE_EXHAUSTED,
          null);
      // the connection still serves the next call
      assertThat(
              AdminServiceGrpc.newBlockingStub(p.identityChannel)
                  .health(HealthRequest.getDefaultInstance())
                  .getStatus())
          .isEqualTo("ok");
    }
  }

  @Test
  void accountLockoutIsResourceExhaustedWithRetryAfter() {
    try (TestPlatform p = new TestPlatform()) {
      Caller tool = Caller.offlineTool("test");
      p.platform
          .identity()
          .accounts()
          .create(
              tool,
              new CreateAccountCommand(
                  "carol",
                  AccountType.HUMAN,
                  TestPlatform.PASSWORD.toCharArray(),
                  Set.of(Role.USER)));
      var auth = AuthServiceGrpc.newBlockingStub(p.identityChannel);
      LoginRequest wrong =
          LoginRequest.newBuilder()
              .setUsername("carol")
              .setPassword("not carol's password")
              .build();
      // The rate limit is out of the way (TestPlatform): exactly the threshold is checked, then
      // only the lockout answers.
      int threshold = IdentitySettings.defaults("metacircular-test").lockoutThreshold();
      for (int i = 0; i < threshold; i++) {
        assertStatus(() -> auth.login(wrong), Status.Code.UNAUTHENTICATED, "invalid credentials");
      }
      // even the right password is refused while locked
      StatusRuntimeException locked =
          catchThrowableOfType(
              () ->
                  auth.login(
                      LoginRequest.newBuilder()
                          .setUsername("carol")
                          .setPassword(TestPlatform.PASSWORD)
                          .build()),
              StatusRuntimeException.class);
      assertThat(locked.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(locked.getStatus().getDescription()).isEqualTo("account locked");
      Metadata trailers = locked.getTrailers();
      assertThat(trailers).isNotNull();
      assertThat(Long.parseLong(trailers.get(Statuses.RETRY_AFTER))).isPositive();
      assertThat(
              p.platform
                  .identity()
                  .audit()
                  .query(
                      tool, new AuditFilter("carol", IdentityAuditTypes.ACCOUNT_LOCKED, null, 10)))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.details())
                      .containsEntry("failed_logins", Integer.toString(threshold)));
    }
  }

  @Test
  void unsealAttemptsAreLimitedAsOnRest() {
    try (TestPlatform p = new TestPlatform()) {
      var system = SystemServiceGrpc.newBlockingStub(p.cryptoChannel);
      system.init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build());
      p.platform.crypto().seal().seal(Caller.offlineTool("test"));
      UnsealRequest wrong = UnsealRequest.newBuilder().setPassword("wrong seal password").build();
      for (int i = 0; i < 5; i++) {
        assertStatus(() -> system.unseal(wrong), Status.Code.UNAUTHENTICATED, "invalid password");
      }
      assertThatThrownBy(
              () ->
                  system.unseal(
                      UnsealRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription()).isEqualTo("too many attempts");
                assertThat(e.getTrailers().get(Statuses.RETRY_AFTER)).isNotNull();
              });
    }
  }

  @Test
  void onlyTls12And13AreOffered() throws Exception {
    try (TestPlatform p = new TestPlatform()) {
      KeyStoreTrust trust = new KeyStoreTrust();
      for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
        try (SSLSocket socket = trust.socket(p.identityServer.port())) {
          socket.setEnabledProtocols(new String[] {protocol});
          socket.startHandshake();
          assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        }
      }
      // the JDK client refuses to offer TLS 1.1 on its own; ask for it and expect no session
      try (SSLSocket socket = trust.socket(p.identityServer.port())) {
        socket.setEnabledProtocols(new String[] {"TLSv1.1"});
        assertThatThrownBy(socket::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
      }
      // and a plaintext HTTP/2 client gets no gRPC answer
      ManagedChannel plain =
          io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(
                  "127.0.0.1", p.identityServer.port())
              .usePlaintext()
              .build();
      try {
        assertThatThrownBy(
                () ->
                    TokenServiceGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .validateToken(
                            dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest
                                .getDefaultInstance()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e ->
                    assertThat(e.getStatus().getCode())
                        .isIn(
                            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
                            Status.Code.INTERNAL, Status.Code.UNKNOWN));
      } finally {
        plain.shutdownNow();
      }
    }
  }

  /** Raw TLS sockets that trust the test certificate. */
  static final class KeyStoreTrust {
    private final SSLContext context;

    KeyStoreTrust() throws Exception {
      var trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", TestPlatform.CERT.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
    }

    SSLSocket socket(int port) throws Exception {
      return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    }
  }

  static ListAppender<ILoggingEvent> attach(String loggerName) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }
}
