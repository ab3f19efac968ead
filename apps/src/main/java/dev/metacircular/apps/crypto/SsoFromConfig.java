package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.ports.delegation.SsoLogin;
import dev.metacircular.rest.client.RestSsoLogin;
import dev.metacircular.rest.client.SsoClientSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The crypto service as an SSO client, from {@code [sso]}: the browser goes to
 * {@code sso.identity_url}, the code exchange goes server-to-server to {@code mcias.server_url}
 * (trusting {@code mcias.ca_cert}). The client secret is read from its file into a
 * {@code char[]} (one line; a trailing line end is ignored) and never becomes a {@code String}.
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
      SsoClientSettings settings = SsoClientSettings.of(sso.identityUrl(), tokenUrl, ca,
          sso.clientId(), secret, sso.redirectUri());
      return Optional.of(new RestSsoLogin(settings));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config: " + e.getMessage());
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  static char[] readSecret(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("config: cannot read sso.client_secret_file " + file);
    }
    CharBuffer decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new ConfigException("config: sso.client_secret_file " + file + " is not UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int end = decoded.limit();
    while (end > 0 && Character.isWhitespace(decoded.get(end - 1))) {
      end--;
    }
    char[] secret = new char[end];
    decoded.get(secret, 0, end);
    Arrays.fill(decoded.array(), '\0');
    if (secret.length == 0) {
      throw new ConfigException("config: sso.client_secret_file " + file + " is empty");
    }
    return secret;
  }
}
