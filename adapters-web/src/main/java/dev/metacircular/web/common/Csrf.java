package dev.metacircular.web.common;

import dev.metacircular.http.FormBody;
import dev.metacircular.ports.error.DomainException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Synchronizer-token CSRF protection: each session has a random token (see {@link WebSession});
 * every mutating request must echo it, htmx requests in the {@value #HEADER} header (the layout
 * sets it on {@code <body hx-headers>}), plain forms in the {@value #FIELD} hidden field. The
 * comparison is constant-time. The session cookie is also SameSite=Strict, so a cross-site form
 * does not even carry the session; the token is the second, independent wall.
 */
public final class Csrf {
  public static final String FIELD = "csrf_token";
  public static final String HEADER = "X-CSRF-Token";
  static final String REFUSED = "invalid or missing CSRF token; reload the page and try again";

  private Csrf() {}

  /** 403 unless the request carries {@code session}'s token. */
  static void verify(Context ctx, WebSession session, FormBody form) {
    String presented = ctx.header(HEADER);
    if (presented == null || presented.isEmpty()) {
      presented = form.text(FIELD);
    }
    if (session == null || presented.isEmpty() || !matches(session.csrfToken(), presented)) {
      throw new DomainException.Forbidden(REFUSED);
    }
  }

  static boolean matches(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
