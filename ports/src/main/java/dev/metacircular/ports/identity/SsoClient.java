package dev.metacircular.ports.identity;

import dev.metacircular.ports.error.DomainException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service registered for single sign-on (an OAuth 2.0 confidential client, as Keycloak calls it):
 * codes are only handed to one of its exact {@code redirectUris}, and only it can exchange them,
 * authenticating with its client secret. Tokens it obtains carry {@code aud = serviceName}.
 *
 * @param clientId the client's public name, 1-64 characters of letters, digits, {@code . _ -}
 * @param serviceName the audience of its tokens and the service its logins are checked against in
 *     the login policy
 * @param redirectUris where codes may be sent; matched exactly, character for character
 */
public record SsoClient(
    String clientId,
    String serviceName,
    List<String> redirectUris,
    Instant createdAt,
    Instant updatedAt) {

  public static final int MAX_REDIRECT_URIS = 16;
  public static final int MAX_URI_LENGTH = 2048;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public SsoClient {
    requireValidClientId(clientId);
    requireValidServiceName(serviceName);
    redirectUris = requireValidRedirectUris(redirectUris);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** True when {@code redirectUri} is registered exactly (no prefix or pattern matching). */
  public boolean allowsRedirectTo(String redirectUri) {
    return redirectUri != null && redirectUris.contains(redirectUri);
  }

  public static String requireValidClientId(String clientId) {
    if (clientId == null || !NAME.matcher(clientId).matches()) {
      throw new DomainException.InvalidInput(
          "client_id must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return clientId;
  }

  public static String requireValidServiceName(String serviceName) {
    if (serviceName == null || !NAME.matcher(serviceName).matches()) {
      throw new DomainException.InvalidInput(
          "service_name must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return serviceName;
  }

  /**
   * Redirect URIs must be absolute {@code https} URIs (or {@code http} on a loopback host, for
   * development) without a fragment (RFC 6749 §3.1.2), at most {@link #MAX_REDIRECT_URIS}.
   */
  public static List<String> requireValidRedirectUris(List<String> uris) {
    if (uris == null || uris.isEmpty()) {
      throw new DomainException.InvalidInput("at least one redirect_uri is required");
    }
    if (uris.size() > MAX_REDIRECT_URIS) {
      throw new DomainException.InvalidInput("at most " + MAX_REDIRECT_URIS + " redirect_uris");
    }
    for (String uri : uris) {
      requireValidRedirectUri(uri);
    }
    List<String> copy = List.copyOf(uris);
    if (copy.stream().distinct().count() != copy.size()) {
      throw new DomainException.InvalidInput("redirect_uris contains a duplicate");
    }
    return copy;
  }

  private static void requireValidRedirectUri(String uri) {
    if (uri == null || uri.isBlank() || uri.length() > MAX_URI_LENGTH) {
      throw new DomainException.InvalidInput("redirect_uri must be 1-2048 characters");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new DomainException.InvalidInput("redirect_uri is not a valid URI");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    String host = parsed.getHost();
    if (host == null || host.isEmpty()) {
      throw new DomainException.InvalidInput("redirect_uri must be absolute with a host");
    }
    if (parsed.getRawFragment() != null) {
      throw new DomainException.InvalidInput("redirect_uri must not have a fragment");
    }
    if (parsed.getRawUserInfo() != null) {
      throw new DomainException.InvalidInput("redirect_uri must not have user information");
    }
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new DomainException.InvalidInput(
          "redirect_uri must use https (http only for localhost)");
    }
  }
}
