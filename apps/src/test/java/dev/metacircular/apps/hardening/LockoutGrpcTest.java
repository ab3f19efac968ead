package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.TotpEnrolment;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4 at the gRPC door: the same lockout as REST, over the identity server's gRPC port,
 * from many loopback addresses (the channel's socket bound to 127.0.x.y).
 */
class LockoutGrpcTest {

  static final Metadata.Key<String> RETRY_AFTER =
      Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);
  static final int THRESHOLD = LockoutRestTest.THRESHOLD;

  @TempDir Path dir;
  TestServer server;
  IdentityCore core;
  X509Certificate ca;
  final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = TestServer.startWithGrpc(dir, LockoutRestTest.SECURITY);
    core = server.server.core();
    KeyStore trust = TlsCertificates.trustStoreFromPem(dir.resolve("tls.crt"));
    ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.close();
  }

  /** A channel whose connections leave from {@code localAddress}. */
  AuthServiceGrpc.AuthServiceBlockingStub from(String localAddress) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort())
            .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
            .localSocketPicker(
                new NettyChannelBuilder.LocalSocketPicker() {
                  @Override
                  public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
                    return new InetSocketAddress(localAddress, 0);
                  }
                })
            .build();
    channels.add(channel);
    return AuthServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static LoginRequest login(String username, String password, String code) {
    LoginRequest.Builder b = LoginRequest.newBuilder().setUsername(username).setPassword(password);
    if (code != null) {
      b.setTotpCode(code);
    }
    return b.build();
  }

  List<AuditEvent> audit(String type) {
    return core.audit().query(TestServer.SETUP, new AuditFilter(null, type, null, 10_000));
  }

  @Test
  void failuresFromManyAddressesCostTheBudgetAndTheOwnerStillSignsInFromHome() throws Exception {
    server.createAccount("owner", AccountType.HUMAN, Role.USER);
    AuthServiceGrpc.AuthServiceBlockingStub home = from("127.0.0.1");
    assertThat(home.login(login("owner", TestServer.PASSWORD, null)).getToken()).isNotBlank();
    long hashesBefore = core.passwordHashesComputed();

    List<Status.Code> codes = new ArrayList<>();
    for (int a = 0; a < 30; a++) {
      AuthServiceGrpc.AuthServiceBlockingStub attacker = from("127.0.8." + (a + 1));
      for (int i = 0; i < 5; i++) {
        StatusRuntimeException e =
            catchThrowableOfType(
                () -> attacker.login(login("owner", "a wrong guess", null)),
                StatusRuntimeException.class);
        codes.add(e.getStatus().getCode());
        if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          assertThat(e.getStatus().getDescription()).isEqualTo("account locked");
          assertThat(Long.parseLong(e.getTrailers().get(RETRY_AFTER))).isPositive();
        }
      }
    }
    assertThat(codes.stream().collect(Collectors.groupingBy(c -> c, Collectors.counting())))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Status.Code.UNAUTHENTICATED,
                (long) THRESHOLD,
                Status.Code.RESOURCE_EXHAUSTED,
                150L - THRESHOLD));
    assertThat(core.passwordHashesComputed() - hashesBefore).isEqualTo(THRESHOLD);

    assertThat(home.login(login("owner", TestServer.PASSWORD, null)).getToken()).isNotBlank();
    assertThat(audit(IdentityAuditTypes.ACCOUNT_LOCKED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("scope", "unknown_sources"));
  }

  @Test
  void theExactThresholdLocksAndLockedIsInTheAnswerAndTheAudit() throws Exception {
    server.createAccount("carol", AccountType.HUMAN, Role.USER);
    AuthServiceGrpc.AuthServiceBlockingStub auth = from("127.0.9.9");
    for (int i = 0; i < THRESHOLD; i++) {
      StatusRuntimeException e =
          catchThrowableOfType(
              () -> auth.login(login("carol", "not carol's password", null)),
              StatusRuntimeException.class);
      assertThat(e.getStatus().getCode())
          .as("attempt %d", i + 1)
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    StatusRuntimeException locked =
        catchThrowableOfType(
            () -> auth.login(login("carol", TestServer.PASSWORD, null)),
            StatusRuntimeException.class);
    assertThat(locked.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(locked.getStatus().getDescription()).isEqualTo("account locked");
    assertThat(audit(IdentityAuditTypes.ACCOUNT_LOCKED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("carol");
              assertThat(e.sourceAddress()).isEqualTo("127.0.9.9");
            });
    assertThat(audit(IdentityAuditTypes.LOGIN_FAILURE))
        .first()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "account_locked"));
  }

  @Test
  void passwordPlusTotpSignsInDuringALock() throws Exception {
    server.createAccount("dave", AccountType.HUMAN, Role.USER);
    String token = from("127.0.0.1").login(login("dave", TestServer.PASSWORD, null)).getToken();
    Caller dave = core.tokens().authenticate(token, "127.0.0.1");
    TotpEnrolment enrolment = core.totp().enrol(dave, TestServer.PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    core.totp().confirm(dave, Totp.code(secret, Totp.step(Instant.now())));
    for (int i = 0; i < THRESHOLD; i++) {
      AuthServiceGrpc.AuthServiceBlockingStub attacker = from("127.0.10." + (i + 1));
      catchThrowableOfType(
          () -> attacker.login(login("dave", "guess", "123456")), StatusRuntimeException.class);
    }
    AuthServiceGrpc.AuthServiceBlockingStub newPlace = from("127.0.11.1");
    StatusRuntimeException noCode =
        catchThrowableOfType(
            () -> newPlace.login(login("dave", TestServer.PASSWORD, null)),
            StatusRuntimeException.class);
    assertThat(noCode.getStatus().getDescription()).isEqualTo("totp required");
    String code = LockoutRestTest.freshCode(secret);
    assertThat(newPlace.login(login("dave", TestServer.PASSWORD, code)).getToken()).isNotBlank();
  }
}
