package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry, with the server's clock moved by the test instead of waiting. */
class TokenExpiryTest {

  @Test
  void anExpiredTokenIsRefusedEverywhere(@TempDir Path dir) {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestServer server =
        TestServer.start(dir, clock, s -> s.withLoginTokenTtl(Duration.ofHours(1)))) {
      server.createAccount("admin", AccountType.HUMAN, Role.ADMIN);
      String token = server.login("admin");
      assertThat(server.get("/v1/accounts", token).status()).isEqualTo(200);

      clock.advance(Duration.ofMinutes(59));
      assertThat(
              server
                  .post("/v1/token/validate", null, "{\"token\":\"" + token + "\"}")
                  .json()
                  .get("valid")
                  .asBoolean())
          .isTrue();

      clock.advance(Duration.ofMinutes(2));
      TestServer.Reply validate =
          server.post("/v1/token/validate", null, "{\"token\":\"" + token + "\"}");
      assertThat(validate.status()).isEqualTo(200);
      assertThat(validate.json().get("valid").asBoolean()).isFalse();
      assertThat(server.get("/v1/accounts", token).status()).isEqualTo(401);
      assertThat(server.post("/v1/auth/renew", token, null).status()).isEqualTo(401);
      // A fresh login at the new time works again.
      assertThat(server.get("/v1/accounts", server.login("admin")).status()).isEqualTo(200);
    }
  }
}
