package dev.metacircular.web.common;

import dev.metacircular.http.FormBody;
import dev.metacircular.ports.error.DomainException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a service registers its pages. Every route registered here gets the web UI's rules, so a
 * page cannot forget one:
 *
 * <ul>
 *   <li>the page CSP ({@link PageHeaders});
 *   <li>GET pages get the browser's session, creating an anonymous one (so their forms have a CSRF
 *       token) — and must not change anything else;
 *   <li>POST actions need an existing session and its CSRF token ({@link Csrf}), else 403; their
 *       body must be a URL-encoded form, what browsers and htmx send (else 400), decoded by {@link
 *       FormBody} and wiped when the handler returns;
 *   <li>a {@code DomainException} becomes an error page with the REST status, anything else a 500
 *       page without details ({@link PageErrors}).
 * </ul>
 */
public final class WebRoutes {
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private final JavalinConfig config;
  private final SessionStore sessions;
  private final Templates templates;

  WebRoutes(JavalinConfig config, SessionStore sessions, Templates templates) {
    this.config = config;
    this.sessions = sessions;
    this.templates = templates;
  }

  SessionStore sessions() {
    return sessions;
  }

  /** A page: safe to load any number of times; changes nothing but the session's existence. */
  public void get(String path, PageHandler handler) {
    config.routes.get(
        path,
        ctx -> {
          PageHeaders.apply(ctx);
          PageRequest request =
              new PageRequest(
                  ctx, sessions, templates, sessions.findOrCreate(ctx), FormBody.empty());
          run(request, handler);
        });
  }

  /** A form action: session and CSRF token required. */
  public void post(String path, PageHandler handler) {
    config.routes.post(
        path,
        ctx -> {
          PageHeaders.apply(ctx);
          WebSession session = sessions.find(ctx).orElse(null);
          FormBody form = FormBody.empty();
          byte[] body = null;
          try {
            body = ctx.bodyAsBytes();
            form = readForm(ctx, body);
            Csrf.verify(ctx, session, form);
          } catch (DomainException refused) {
            form.wipe();
            wipe(body);
            PageErrors.render(
                new PageRequest(
                    ctx,
                    sessions,
                    templates,
                    session != null ? session : sessions.findOrCreate(ctx),
                    FormBody.empty()),
                refused);
            return;
          }
          try {
            run(new PageRequest(ctx, sessions, templates, session, form), handler);
          } finally {
            form.wipe();
            wipe(body);
          }
        });
  }

  private static void run(PageRequest request, PageHandler handler) {
    try {
      handler.handle(request);
    } catch (Exception e) {
      PageErrors.render(request, e);
    }
  }

  private static FormBody readForm(Context ctx, byte[] body) {
    if (body.length == 0) {
      return FormBody.empty();
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(FORM_TYPE)) {
      throw new DomainException.InvalidInput("forms must be sent as " + FORM_TYPE);
    }
    return FormBody.parse(body);
  }

  private static void wipe(byte[] body) {
    if (body != null) {
      Arrays.fill(body, (byte) 0);
    }
  }
}
