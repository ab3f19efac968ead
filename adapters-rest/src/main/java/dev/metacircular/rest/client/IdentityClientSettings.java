package dev.metacircular.rest.client;

import dev.metacircular.ports.identity.in.LoginCommand;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link RestIdentityProvider} reaches the identity service. Checked here, so a bad
 * configuration fails at start with a message naming the setting.
 *
 * @param baseUrl the identity service, {@code https://host:port} (optionally with a path prefix);
 *     plain HTTP is refused
 * @param caCertificate a PEM file with the CA certificate(s) to trust instead of the JDK's trust
 *     store (for example dev mode's CA root {@code data/ca.pem}), or null for the JDK default
 * @param serviceName sent as {@code service_name} with every login; tokens obtained carry it as
 *     {@code aud}
 * @param tags sent with every login, for the identity service's login policy
 * @param cacheTtl how long a validation answer is reused (0 disables the cache); this is also the
 *     longest a token revoked elsewhere may still pass here
 * @param cacheSize the most validation answers kept (least recently used dropped; 0 disables)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout the longest one call may take, from connecting to the last response byte
 */
public record IdentityClientSettings(
    URI baseUrl,
    Path caCertificate,
    String serviceName,
    List<String> tags,
    Duration cacheTtl,
    int cacheSize,
    Duration connectTimeout,
    Duration requestTimeout) {

  /** DESIGN.md §3.3: relying services reuse a validation for 30 s. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

  public static final int DEFAULT_CACHE_SIZE = 10_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** A revoked token passing for longer than this would make revocation meaningless. */
  public static final Duration MAX_CACHE_TTL = Duration.ofMinutes(5);

  public static final int MAX_CACHE_SIZE = 1_000_000;
  public static final int MAX_TAG_LENGTH = 256;

  public IdentityClientSettings {
    baseUrl = requireBaseUrl(baseUrl);
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("identity client: service name must not be blank");
    }
    if (serviceName.length() > LoginCommand.MAX_SERVICE_NAME) {
      throw new IllegalArgumentException(
          "identity client: service name is longer than "
              + LoginCommand.MAX_SERVICE_NAME
              + " characters");
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (tags.size() > LoginCommand.MAX_TAGS) {
      throw new IllegalArgumentException(
          "identity client: at most " + LoginCommand.MAX_TAGS + " tags");
    }
    for (String tag : tags) {
      if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
        throw new IllegalArgumentException(
            "identity client: a tag must be 1-" + MAX_TAG_LENGTH + " characters");
      }
    }
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
      throw new IllegalArgumentException(
          "identity client: cache TTL must be between 0 and " + MAX_CACHE_TTL.toSeconds() + " s");
    }
    if (cacheSize < 0 || cacheSize > MAX_CACHE_SIZE) {
      throw new IllegalArgumentException(
          "identity client: cache size must be between 0 and " + MAX_CACHE_SIZE);
    }
    positive("connect timeout", connectTimeout);
    positive("request timeout", requestTimeout);
  }

  /** Settings with the default cache (30 s, 10 000 answers) and timeouts (5 s, 10 s). */
  public static IdentityClientSettings of(
      URI baseUrl, Path caCertificate, String serviceName, List<String> tags) {
    return new IdentityClientSettings(
        baseUrl,
        caCertificate,
        serviceName,
        tags,
        DEFAULT_CACHE_TTL,
        DEFAULT_CACHE_SIZE,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT);
  }

  public IdentityClientSettings withCache(Duration ttl, int size) {
    return new IdentityClientSettings(
        baseUrl, caCertificate, serviceName, tags, ttl, size, connectTimeout, requestTimeout);
  }

  public IdentityClientSettings withTimeouts(Duration connect, Duration request) {
    return new IdentityClientSettings(
        baseUrl, caCertificate, serviceName, tags, cacheTtl, cacheSize, connect, request);
  }

  /** The absolute URI of an API path such as {@code /v1/auth/login}. */
  URI endpoint(String path) {
    return URI.create(baseUrl + path);
  }

  static URI requireBaseUrl(URI url) {
    if (url == null) {
      throw new IllegalArgumentException("identity client: base URL is required");
    }
    if (url.getRawUserInfo() != null) {
      // Never echo it: user info may hold a password.
      throw new IllegalArgumentException("identity client: base URL must not contain user info");
    }
    if (url.getScheme() == null || !url.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
      throw new IllegalArgumentException(
          "identity client: base URL must start with https:// (got " + url + ")");
    }
    if (url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "identity client: base URL must be https://host[:port][/path] (got " + url + ")");
    }
    String text = url.toString();
    // The API paths are appended to it, so a trailing slash would double up.
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("identity client: " + name + " must be positive");
    }
  }
}
