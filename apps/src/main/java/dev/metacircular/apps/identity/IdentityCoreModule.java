package dev.metacircular.apps.identity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.webauthn.PasskeySettings;
import dev.metacircular.webauthn.YubicoPasskeyVerifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Guice: the identity core over whatever {@link IdentityStorage} the storage module binds, and the
 * use cases every door takes. Used by the server, the offline database tool and dev mode alike, so
 * all three derive the master key and open the core the same way.
 */
final class IdentityCoreModule extends AbstractModule {
  private final McIasConfig config;
  private final Clock clock;
  private final IdentitySettings settings;
  private final MasterKeySource masterKey;

  /**
   * @param masterKey read before the database is touched, so a missing passphrase fails first; the
   *     composition wipes it once the service is open
   */
  IdentityCoreModule(
      McIasConfig config, Clock clock, IdentitySettings settings, MasterKeySource masterKey) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
  }

  /** Opens the core (a wrong passphrase fails here, and the database is closed again). */
  @Provides
  @Singleton
  IdentityCore core(
      IdentityStorage storage, PasskeyVerifier passkeys, Lifecycle lifecycle, Telemetry telemetry) {
    return lifecycle.closeLater(
        IdentityCore.open(storage, settings, passkeys, masterKey, clock, telemetry));
  }

  /** Nothing to report to, unless a server's metrics module binds its telemetry. */
  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), Telemetry.class)
        .setDefault()
        .toInstance(Telemetry.NONE);
  }

  /** Passkeys: the WebAuthn checks on Yubico's library, bound to the configured relying party. */
  @Provides
  @Singleton
  PasskeyVerifier passkeyVerifier() {
    McIasConfig.Webauthn w = config.webauthn();
    return new YubicoPasskeyVerifier(
        new PasskeySettings(w.rpId(), w.rpName(), Set.copyOf(w.origins())), clock);
  }

  @Provides
  @Singleton
  IdentityUseCases useCases(IdentityCore core) {
    return core.useCases();
  }
}
