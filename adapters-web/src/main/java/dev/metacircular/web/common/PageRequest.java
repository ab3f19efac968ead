package dev.metacircular.web.common;

import dev.metacircular.http.FormBody;
import dev.metacircular.http.HttpStatuses;
import dev.metacircular.ports.error.DomainException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request to a page, as a page handler sees it: the Javalin context, the browser's session, the
 * decoded form (empty for a GET) and the ways to answer — render a template (a whole page, or only
 * its fragment when htmx asked) or redirect.
 */
public final class PageRequest {
  /** htmx marks every request it sends with this header. */
  static final String HX_REQUEST = "HX-Request";

  /** Set on a request a page has answered, so the "not found" page leaves a page's 404 alone. */
  static final String RENDERED = "dev.metacircular.web.rendered";

  private final Context ctx;
  private final SessionStore sessions;
  private final Templates templates;
  private WebSession session;
  private final FormBody form;

  PageRequest(
      Context ctx, SessionStore sessions, Templates templates, WebSession session, FormBody form) {
    this.ctx = ctx;
    this.sessions = sessions;
    this.templates = templates;
    this.session = session;
    this.form = form;
  }

  public Context ctx() {
    return ctx;
  }

  public WebSession session() {
    return session;
  }

  public FormBody form() {
    return form;
  }

  /** The client address (the socket peer; forwarded-for headers are not trusted). */
  public String ip() {
    return ctx.ip();
  }

  public String pathParam(String name) {
    return ctx.pathParam(name);
  }

  /** A query parameter, trimmed; empty when absent. */
  public String query(String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.trim();
  }

  /** Whether htmx sent this request (it then wants a fragment, not a whole page). */
  public boolean htmx() {
    return "true".equals(ctx.header(HX_REQUEST));
  }

  public Instant now() {
    return sessions.now();
  }

  /** Whom the session is signed in as, if anyone (and the token has not expired). */
  public Optional<SignedIn> signedIn() {
    return session.signedIn(now());
  }

  /**
   * Signs {@code who} in on a fresh session (new id and CSRF token); later renders of this request
   * use the new session.
   */
  public void signIn(SignedIn who) {
    session = sessions.signIn(ctx, session, who);
  }

  /** Ends the session and drops the cookie; the rest of this request renders as signed out. */
  public void endSession() {
    sessions.end(ctx, session);
  }

  /** Renders {@code template} with status 200. */
  public void render(String template, Map<String, Object> model) {
    render(200, template, model);
  }

  /**
   * Renders {@code template} with {@code status}. The model is completed with what the layout
   * needs: {@code service}, {@code csrf}, {@code signedIn} (or null), {@code flashes}, {@code
   * error} (null unless given) and {@code htmx} (templates render only their fragment when it is
   * true).
   */
  public void render(int status, String template, Map<String, Object> model) {
    Map<String, Object> full = new HashMap<>(model);
    full.putIfAbsent("title", sessions.settings().displayName());
    full.putIfAbsent("error", null);
    full.put("service", sessions.settings().displayName());
    full.put("csrf", session.csrfToken());
    full.put("csrfField", Csrf.FIELD);
    full.put("csrfHeader", Csrf.HEADER);
    full.put("signedIn", signedIn().orElse(null));
    full.put("flashes", session.takeFlashes());
    full.put("htmx", htmx());
    ctx.status(status);
    ctx.html(templates.render(template, full));
    ctx.attribute(RENDERED, Boolean.TRUE);
  }

  /**
   * Re-renders a form page after the core refused its submission: the refusal's status (and {@code
   * Retry-After} for 429), its message as {@code error} in the model.
   */
  public void renderRefusal(String template, DomainException refused, Map<String, Object> model) {
    if (refused instanceof DomainException.TooManyRequests limited) {
      ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
    }
    Map<String, Object> full = new HashMap<>(model);
    full.put("error", refused.getMessage());
    render(HttpStatuses.of(refused), template, full);
  }

  /**
   * Sends the browser to {@code path} (a path on this server): 303 See Other for a plain request,
   * {@code HX-Redirect} for htmx (which then loads the whole page).
   */
  public void redirect(String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("redirects stay on this server: " + path);
    }
    if (htmx()) {
      ctx.header("HX-Redirect", path);
      ctx.status(200);
      ctx.result("");
    } else {
      ctx.redirect(path, HttpStatus.SEE_OTHER);
    }
  }

  /** A one-shot message for the next page, then a redirect there. */
  public void redirect(String path, Flash.Kind kind, String message) {
    session.flash(kind, message);
    redirect(path);
  }
}
