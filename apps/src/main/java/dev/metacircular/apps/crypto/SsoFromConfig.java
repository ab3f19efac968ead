package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.SecretFile;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.rest.client.RestSsoLogin;
import dev.metacircular.rest.client.SsoClientSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The crypto service as an SSO client, from {@code [sso]}: the browser goes to {@code
 * sso.identity_url}, the code exchange goes server-to-server to {@code mcias.server_url} (trusting
 * {@code mcias.ca_cert}). The client secret is read from its file into a {@code char[]} (one line;
 * a trailing line end is ignored) and never becomes a {@code String}.
 */
public final class SsoFromConfig {

  private SsoFromConfig() {}

  /** Empty when SSO is not configured. */
  public static Optional<SsoLogin> create(MetacryptConfig config) {
    MetacryptConfig.Sso sso = config.sso();
    if (sso == null) {
      return Optional.empty();
    }
    URI tokenUrl = config.identity() != null ? config.identity().serverUrl() : sso.identityUrl();
    Path ca = config.identity() != null ? config.identity().caCert() : null;
    char[] secret = readSecret(sso.clientSecretFile());
    try {
      SsoClientSettings settings =
          SsoClientSettings.of(
              sso.identityUrl(), tokenUrl, ca, sso.clientId(), secret, sso.redirectUri());
      return Optional.of(new RestSsoLogin(settings));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config: " + e.getMessage());
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  static char[] readSecret(Path file) {
    return SecretFile.readText("sso.client_secret_file", file);
  }
}
