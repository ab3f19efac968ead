package dev.metacircular.apps.identity;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.account.Lockout;
import java.time.Duration;

/** The core's settings: its defaults for the issuer, with whatever the configuration sets. */
final class SettingsFromConfig {
  private SettingsFromConfig() {}

  static IdentitySettings settings(McIasConfig config) {
    IdentitySettings d = IdentitySettings.defaults(config.issuer());
    IdentitySettings s;
    try {
      // Built in one go: the session lifetime is checked against the login lifetime.
      s =
          new IdentitySettings(
              d.issuer(),
              config.loginTokenTtl() != null ? config.loginTokenTtl() : d.loginTokenTtl(),
              config.serviceTokenTtl() != null ? config.serviceTokenTtl() : d.serviceTokenTtl(),
              d.passwordHashing(),
              d.masterKeyKdf(),
              d.loginRatePerSecond(),
              d.loginBurst(),
              d.lockout(),
              d.verificationCacheSize(),
              config.audience() != null ? config.audience() : d.audience(),
              config.maxSessionLifetime() != null
                  ? config.maxSessionLifetime()
                  : d.maxSessionLifetime());
    } catch (IllegalArgumentException e) {
      // "maxSessionLifetime (...) must be at least loginTokenTtl (...)": the two tokens.* keys.
      throw new ConfigException(
          "config: tokens.max_session_lifetime must be at least"
              + " tokens.expiry ("
              + e.getMessage()
              + ")");
    }
    McIasConfig.Security sec = config.security();
    if (sec.overridesArgon2()) {
      s = s.withPasswordHashing(argon2(sec, s.passwordHashing()));
    }
    if (sec.overridesLockout()) {
      Lockout base = s.lockout();
      try {
        s =
            s.withLockout(
                new Lockout(
                    orElse(sec.lockoutThreshold(), base.threshold()),
                    orElse(sec.lockoutWindow(), base.window()),
                    orElse(sec.lockoutDuration(), base.duration()),
                    orElse(sec.knownSourceBudget(), base.knownSourceBudget()),
                    orElse(sec.knownSourceWindow(), base.knownSourceWindow())));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("config: security: " + e.getMessage());
      }
    }
    if (sec.loginRatePerSecond() != null || sec.loginBurst() != null) {
      s =
          s.withLoginRate(
              sec.loginRatePerSecond() != null ? sec.loginRatePerSecond() : s.loginRatePerSecond(),
              orElse(sec.loginBurst(), s.loginBurst()));
    }
    return s;
  }

  private static Argon2Parameters argon2(McIasConfig.Security sec, Argon2Parameters base) {
    Argon2Parameters p =
        new Argon2Parameters(
            orElse(sec.argon2Time(), base.iterations()),
            orElse(sec.argon2MemoryKib(), base.memoryKiB()),
            orElse(sec.argon2Threads(), base.parallelism()));
    Argon2Parameters floor = Argon2Parameters.OWASP_MINIMUM;
    if (!p.atLeast(floor)) {
      throw new ConfigException(
          "config: security.argon2_* are below the OWASP minimum (argon2_time >= "
              + floor.iterations()
              + ", argon2_memory_kib >= "
              + floor.memoryKiB()
              + ", argon2_threads >= "
              + floor.parallelism()
              + ")");
    }
    return p;
  }

  private static Duration orElse(Duration value, Duration fallback) {
    return value != null ? value : fallback;
  }

  private static int orElse(Integer value, int fallback) {
    return value != null ? value : fallback;
  }
}
