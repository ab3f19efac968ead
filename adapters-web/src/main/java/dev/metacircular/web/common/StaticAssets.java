package dev.metacircular.web.common;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The few files the pages load, read from the jar once at start and served from memory under {@code
 * /static/}: a fixed list, so no request path ever reaches the file system or the class path. No
 * CDN: the pages work offline and the CSP allows this origin only.
 */
final class StaticAssets {
  static final String PREFIX = "dev/metacircular/web/static/";

  /** File name → content type. */
  static final Map<String, String> FILES =
      Map.of(
          "htmx.min.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "favicon.svg", "image/svg+xml",
          "passkeys.js", "text/javascript; charset=utf-8");

  private StaticAssets() {}

  static void register(JavalinConfig config) {
    FILES.forEach(
        (name, type) -> {
          byte[] bytes = read(name);
          config.routes.get("/static/" + name, ctx -> ctx.contentType(type).result(bytes));
        });
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(PREFIX + name)) {
      if (in == null) {
        throw new IllegalStateException("missing web asset " + PREFIX + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
