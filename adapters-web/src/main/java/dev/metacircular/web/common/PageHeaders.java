package dev.metacircular.web.common;

import io.javalin.http.Context;

/**
 * The one header a page needs that an API response must not have: a content security policy that
 * lets the page load its own script and stylesheet. Everything else every response carries (HSTS,
 * {@code nosniff}, {@code Referrer-Policy: no-referrer}, {@code Cache-Control: no-store}, {@code
 * X-Frame-Options: DENY}, no server banner) is set by the server the pages are mounted on
 * (adapters-rest's {@code SecureJavalin}, on every response before any handler runs); this class
 * only replaces that server's deny-all CSP on the responses the web UI answers.
 */
public final class PageHeaders {
  /**
   * Scripts and styles from this origin only, no inline script, no eval (htmx runs with {@code
   * allowEval: false}), no plugins, no {@code <base>}, no framing, forms post only here.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'; form-action 'self'";

  private PageHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  }
}
