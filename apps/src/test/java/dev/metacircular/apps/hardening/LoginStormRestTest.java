package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 11 at the REST door: a storm of concurrent {@code POST /v1/auth/login} allocates
 * Argon2 memory once per permitted concurrent hash, not once per login, and the hashes never hold
 * more block sets than the cap.
 */
class LoginStormRestTest {

  @Test
  void aLoginStormReusesArgon2MemoryInsteadOfAllocatingItPerLogin(@TempDir Path dir)
      throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      // One account per login: concurrent sign-ins of one account from one address are bounded
      // by its lockout budget (a failure slot is reserved before each hash), a storm of many
      // people signing in at once is not.
      for (int i = 0; i < LoginStorm.LOGINS; i++) {
        server.createAccount("storm" + i, AccountType.HUMAN, Role.USER);
      }
      AtomicInteger next = new AtomicInteger();
      HttpClient http = trusting(dir.resolve("tls.crt"));
      URI loginUri = URI.create("https://127.0.0.1:" + server.server.port() + "/v1/auth/login");

      long allocated =
          LoginStorm.allocatedDuring(
              () -> {
                HttpRequest login =
                    HttpRequest.newBuilder(loginUri)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120))
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"storm"
                                    + next.getAndIncrement()
                                    + "\",\"password\":\""
                                    + TestServer.PASSWORD
                                    + "\"}"))
                        .build();
                HttpResponse<String> r = http.send(login, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("\"token\"");
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
      assertThat(memory.setsInUse()).isZero();
    }
  }

  static HttpClient trusting(Path certificate) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsCertificates.trustStoreFromPem(certificate));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
  }
}
