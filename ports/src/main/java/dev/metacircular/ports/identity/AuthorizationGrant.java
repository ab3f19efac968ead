package dev.metacircular.ports.identity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A fresh authorization code for a client. The code is a short-lived, single-use bearer secret; it
 * travels in the redirect's query string (there is no other way in this flow), so it must never be
 * logged.
 *
 * @param redirectUri the registered URI the browser goes back to
 */
public record AuthorizationGrant(String code, String redirectUri, Instant expiresAt) {

  public AuthorizationGrant {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * The URL to redirect the browser to: the registered URI with {@code code} and (when given)
   * {@code state} appended as query parameters (RFC 6749 §4.1.2).
   */
  public String redirectLocation(String state) {
    StringBuilder b = new StringBuilder(redirectUri);
    b.append(redirectUri.contains("?") ? '&' : '?');
    b.append("code=").append(URLEncoder.encode(code, StandardCharsets.UTF_8));
    if (state != null && !state.isEmpty()) {
      b.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "AuthorizationGrant[redirectUri=" + redirectUri + ", expiresAt=" + expiresAt + "]";
  }
}
