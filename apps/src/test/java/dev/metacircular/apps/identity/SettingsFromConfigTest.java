package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.account.Lockout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsFromConfigTest {
  static final String BASE =
      "[server]\nlisten_addr = \":8443\"\ntls_cert = \"c\"\ntls_key = \"k\"\n"
          + "[database]\npath = \"db\"\n[master_key]\nkeyfile = \"key\"\n";

  private static IdentitySettings settings(String extra) {
    McIasConfig c =
        new McIasConfigLoader(Map.of(), List.of()).parse(BASE + extra, Path.of("t.toml"));
    return SettingsFromConfig.settings(c);
  }

  @Test
  void anUnsetKeyKeepsTheCoreDefault() {
    assertThat(settings("[tokens]\nissuer = \"https://id\"\n"))
        .isEqualTo(IdentitySettings.defaults("https://id"));
  }

  @Test
  void everySetKeyReachesTheCore() {
    IdentitySettings s =
        settings(
            "[tokens]\nissuer = \"https://id\"\nexpiry = \"8h\"\nservice_expiry = \"720h\"\n"
                + "[security]\nargon2_time = 4\nargon2_memory_kib = 32768\nargon2_threads = 2\n"
                + "lockout_threshold = 5\nlockout_duration = \"30m\"\n"
                + "login_rate_per_second = 2.5\nlogin_burst = 7\n");

    assertThat(s.issuer()).isEqualTo("https://id");
    assertThat(s.loginTokenTtl()).isEqualTo(Duration.ofHours(8));
    assertThat(s.serviceTokenTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(s.passwordHashing()).isEqualTo(new Argon2Parameters(4, 32768, 2));
    assertThat(s.masterKeyKdf()).isEqualTo(IdentitySettings.defaults("x").masterKeyKdf());
    assertThat(s.lockoutThreshold()).isEqualTo(5);
    assertThat(s.lockoutDuration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.loginRatePerSecond()).isEqualTo(2.5);
    assertThat(s.loginBurst()).isEqualTo(7);
  }

  @Test
  void theLockoutKeysReachTheCoreAndUnsetOnesKeepTheirDefaults() {
    IdentitySettings s =
        settings(
            "[tokens]\nissuer = \"i\"\n[security]\n"
                + "lockout_window = \"1h\"\nknown_source_window = \"168h\"\nknown_source_budget = 3\n");

    Lockout d = Lockout.defaults();
    assertThat(s.lockout())
        .isEqualTo(
            new Lockout(d.threshold(), Duration.ofHours(1), d.duration(), 3, Duration.ofDays(7)));
  }

  @Test
  void oneArgon2KeyChangesOnlyItself() {
    IdentitySettings s =
        settings("[tokens]\nissuer = \"i\"\n[security]\nargon2_memory_kib = 131072\n");

    Argon2Parameters d = Argon2Parameters.DEFAULT;
    assertThat(s.passwordHashing())
        .isEqualTo(new Argon2Parameters(d.iterations(), 131072, d.parallelism()));
  }

  @Test
  void argon2BelowTheOwaspMinimumIsRefused() {
    assertThatThrownBy(() -> settings("[tokens]\nissuer = \"i\"\n[security]\nargon2_time = 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: security.argon2_* are below the OWASP minimum");
  }
}
