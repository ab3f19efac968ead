package dev.metacircular.apps.identity;

import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.service.LocalService;
import dev.metacircular.apps.service.Opened;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The identity core open over its local database, with no door: what the offline tool and the
 * shell's offline mode act through. Closing it closes the core, then the database.
 */
public final class LocalIdentity extends LocalService<IdentityCore> {

  private LocalIdentity(Opened<IdentityCore> opened) {
    super(opened);
  }

  /** Opens with the system clock and the configured settings. */
  public static LocalIdentity open(McIasConfig config, Map<String, String> env) {
    return open(config, env, Clock.systemUTC(), UnaryOperator.identity());
  }

  /**
   * Opens the database (creating and migrating it as needed) and the core. Throws the core's {@code
   * MasterKeyException} for a wrong passphrase or key, with nothing left open.
   */
  public static LocalIdentity open(
      McIasConfig config,
      Map<String, String> env,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning) {
    return IdentityService.withCore(
        config,
        env,
        clock,
        tuning,
        modules -> new LocalIdentity(open(IdentityCore.class, modules)));
  }
}
