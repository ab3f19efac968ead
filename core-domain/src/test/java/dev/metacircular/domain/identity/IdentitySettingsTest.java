package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdentitySettingsTest {

  private final IdentitySettings defaults = IdentitySettings.defaults("https://mcias.example");

  @Test
  void theDefaultsAreTheReferenceServices() {
    assertThat(defaults.loginTokenTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(defaults.serviceTokenTtl()).isEqualTo(Duration.ofDays(365));
    assertThat(defaults.passwordHashing()).isEqualTo(Argon2Parameters.DEFAULT);
    assertThat(defaults.masterKeyKdf()).isEqualTo(Argon2Parameters.DEFAULT);
    assertThat(defaults.loginRatePerSecond()).isEqualTo(10.0);
    assertThat(defaults.loginBurst()).isEqualTo(10);
    assertThat(defaults.lockoutThreshold()).isEqualTo(10);
    assertThat(defaults.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.verificationCacheSize()).isEqualTo(10_000);
  }

  @Test
  void withersChangeOnlyTheirField() {
    IdentitySettings s =
        defaults
            .withLockout(5, Duration.ofMinutes(30))
            .withLoginRate(2.5, 4)
            .withLoginTokenTtl(Duration.ofHours(1))
            .withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
            .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM);

    assertThat(s.lockoutThreshold()).isEqualTo(5);
    assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.loginRatePerSecond()).isEqualTo(2.5);
    assertThat(s.loginBurst()).isEqualTo(4);
    assertThat(s.loginTokenTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(s.passwordHashing()).isEqualTo(Argon2Parameters.OWASP_MINIMUM);
    assertThat(s.issuer()).isEqualTo(defaults.issuer());
    assertThat(s.serviceTokenTtl()).isEqualTo(defaults.serviceTokenTtl());
  }

  @Test
  void badValuesFailWithClearMessages() {
    assertThatThrownBy(() -> IdentitySettings.defaults(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer");
    assertThatThrownBy(() -> defaults.withLoginTokenTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loginTokenTtl");
    assertThatThrownBy(() -> defaults.withPasswordHashing(new Argon2Parameters(1, 19456, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OWASP minimum");
    assertThatThrownBy(() -> defaults.withMasterKeyKdf(new Argon2Parameters(2, 1024, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masterKeyKdf");
    assertThatThrownBy(() -> defaults.withLockout(101, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NIST 800-63B");
    assertThatThrownBy(() -> defaults.withLockout(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLockout(5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lockout duration");
    assertThatThrownBy(() -> defaults.withLoginRate(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loginRatePerSecond");
    assertThatThrownBy(() -> defaults.withLoginRate(Double.NaN, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withLoginRate(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loginBurst");
    assertThat(defaults.withLockout(100, Duration.ofMinutes(1)).lockoutThreshold()).isEqualTo(100);
  }
}
