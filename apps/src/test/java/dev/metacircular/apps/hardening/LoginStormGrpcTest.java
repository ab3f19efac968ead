package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 11 at the gRPC door: a storm of concurrent {@code AuthService/Login} calls allocates
 * Argon2 memory once per permitted concurrent hash, not once per login.
 */
class LoginStormGrpcTest {

  @Test
  void aLoginStormReusesArgon2MemoryInsteadOfAllocatingItPerLogin(@TempDir Path dir)
      throws Exception {
    try (TestServer server = TestServer.startWithGrpc(dir)) {
      // One account per login: concurrent sign-ins of one account from one address are bounded
      // by its lockout budget (a failure slot is reserved before each hash), a storm of many
      // people signing in at once is not.
      for (int i = 0; i < LoginStorm.LOGINS; i++) {
        server.createAccount("storm" + i, AccountType.HUMAN, Role.USER);
      }
      AtomicInteger next = new AtomicInteger();
      KeyStore trust = TlsCertificates.trustStoreFromPem(dir.resolve("tls.crt"));
      X509Certificate ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
              .build();
      try {
        var auth = AuthServiceGrpc.newBlockingStub(channel);
        long allocated =
            LoginStorm.allocatedDuring(
                () -> {
                  LoginRequest login =
                      LoginRequest.newBuilder()
                          .setUsername("storm" + next.getAndIncrement())
                          .setPassword(TestServer.PASSWORD)
                          .build();
                  return !auth.withDeadlineAfter(120, TimeUnit.SECONDS)
                      .login(login)
                      .getToken()
                      .isEmpty();
                });

        assertThat(allocated)
            .as(
                "%d concurrent logins at %s of Argon2 each allocated %s (bound %s)",
                LoginStorm.LOGINS,
                LoginStorm.mib(LoginStorm.ARGON2_BYTES),
                LoginStorm.mib(allocated),
                LoginStorm.mib(LoginStorm.bound()))
            .isLessThan(LoginStorm.bound());
        var memory = server.server.core().passwordMemory();
        assertThat(memory.peakSets()).isLessThanOrEqualTo(LoginStorm.CAP);
        assertThat(memory.allocations()).isLessThanOrEqualTo(LoginStorm.CAP);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
