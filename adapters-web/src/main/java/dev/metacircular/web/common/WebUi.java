package dev.metacircular.web.common;

import dev.metacircular.http.FormBody;
import io.javalin.config.JavalinConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The web UI's foundation, installed on the server that also serves the service's REST API (the
 * apps module hands it to {@code CryptoRestServer.start} / {@code IdentityRestServer.start} as an
 * extra registration on the same {@code JavalinConfig}). It adds the static assets, an HTML "not
 * found" page for browsers, and returns the {@link WebRoutes} the service's pages register on, with
 * sessions, CSRF, page headers and error pages built in.
 */
public final class WebUi {
  private WebUi() {}

  /** Installs the foundation on {@code config}; call once per server. */
  public static WebRoutes install(JavalinConfig config, WebSettings settings) {
    Objects.requireNonNull(config, "config");
    SessionStore sessions = new SessionStore(Objects.requireNonNull(settings, "settings"));
    Templates templates = new Templates();
    StaticAssets.register(config);
    config.routes.error(
        404,
        "html",
        ctx -> {
          // A browser that asked for a page that does not exist gets a page saying so; API paths
          // keep their JSON, and a page that already answered its own 404 keeps its answer.
          if (ctx.path().startsWith("/v1/") || ctx.attribute(PageRequest.RENDERED) != null) {
            return;
          }
          PageHeaders.apply(ctx);
          new PageRequest(ctx, sessions, templates, sessions.findOrCreate(ctx), FormBody.empty())
              .render(
                  404,
                  "error",
                  Map.of("status", 404, "message", "page not found", "title", "Not found"));
        });
    return new WebRoutes(config, sessions, templates);
  }
}
