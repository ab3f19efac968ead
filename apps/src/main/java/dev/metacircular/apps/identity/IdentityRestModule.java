package dev.metacircular.apps.identity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.rest.IdentityRestApi;
import dev.metacircular.rest.RestSettings;

/** Guice: the REST front door of the identity core, over TLS from the configured PEM files. */
final class IdentityRestModule extends AbstractModule {

  @Provides
  @Singleton
  IdentityRestApi api(IdentityCore core) {
    return new IdentityRestApi(
        core.login(),
        core.sessions(),
        core.tokens(),
        core.tokenAdmin(),
        core.accounts(),
        core.totp(),
        core.loginPolicy(),
        core.audit(),
        core.ssoClients(),
        core.sso(),
        core.passkeys(),
        core.profile(),
        core.recoveryCodes());
  }

  @Provides
  @Singleton
  RestSettings restSettings(McIasConfig config) {
    return ServerTls.restSettings(config.listen(), config.tlsCert(), config.tlsKey());
  }
}
