package dev.metacircular.rest.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link RestSsoLogin} acts as an SSO client of the identity service.
 *
 * @param browserUrl the identity service as the person's browser reaches it ({@code
 *     https://host:port}); {@code /sso/authorize} is appended
 * @param tokenUrl the identity service as this server reaches it; {@code /v1/sso/token} is appended
 * @param caCertificate PEM CA file to trust for the server-to-server call, or null for the JDK's
 * @param clientId this service's registered client id
 * @param clientSecret the client secret (copied; {@link #destroy} wipes it)
 * @param redirectUri the registered redirect URI, exactly as registered
 */
public record SsoClientSettings(
    URI browserUrl,
    URI tokenUrl,
    Path caCertificate,
    String clientId,
    char[] clientSecret,
    URI redirectUri,
    Duration connectTimeout,
    Duration requestTimeout) {

  public SsoClientSettings {
    browserUrl = IdentityClientSettings.requireBaseUrl(browserUrl);
    tokenUrl = IdentityClientSettings.requireBaseUrl(tokenUrl);
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("sso: client_id must not be blank");
    }
    if (clientSecret == null || clientSecret.length == 0) {
      throw new IllegalArgumentException("sso: the client secret is empty");
    }
    clientSecret = clientSecret.clone();
    Objects.requireNonNull(redirectUri, "redirectUri");
    if (!"https".equalsIgnoreCase(redirectUri.getScheme()) || redirectUri.getHost() == null) {
      throw new IllegalArgumentException("sso: redirect_uri must be an https:// URL with a host");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** With the default timeouts (5 s to connect, 10 s per call). */
  public static SsoClientSettings of(
      URI browserUrl,
      URI tokenUrl,
      Path caCertificate,
      String clientId,
      char[] clientSecret,
      URI redirectUri) {
    return new SsoClientSettings(
        browserUrl,
        tokenUrl,
        caCertificate,
        clientId,
        clientSecret,
        redirectUri,
        IdentityClientSettings.DEFAULT_CONNECT_TIMEOUT,
        IdentityClientSettings.DEFAULT_REQUEST_TIMEOUT);
  }

  /** A copy of the secret; the caller wipes it. */
  @Override
  public char[] clientSecret() {
    return clientSecret.clone();
  }

  public void destroy() {
    Arrays.fill(clientSecret, '\0');
  }

  URI tokenEndpoint() {
    return join(tokenUrl, "/v1/sso/token");
  }

  URI authorizeEndpoint() {
    return join(browserUrl, "/sso/authorize");
  }

  static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static URI join(URI base, String path) {
    String s = base.toString();
    return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + path);
  }

  @Override
  public String toString() {
    return "SsoClientSettings[" + clientId + " -> " + tokenUrl + ", secret=redacted]";
  }
}
