package dev.metacircular.web.common;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Pebble templates in the jar, under {@code dev/metacircular/web/templates/} with the suffix
 * {@code .peb} ({@code "crypto/dashboard"} is {@code templates/crypto/dashboard.peb}).
 *
 * <p>Every value is HTML-escaped unless a template says otherwise (none does); a variable missing
 * from the model is an error, not an empty string, so a typo fails the tests instead of rendering a
 * blank; Pebble's method access validator keeps templates away from {@code getClass()} and
 * reflection.
 */
final class Templates {
  static final String PREFIX = "dev/metacircular/web/templates/";

  private final PebbleEngine engine;

  Templates() {
    ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
    loader.setPrefix(PREFIX);
    loader.setSuffix(".peb");
    engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .defaultEscapingStrategy("html")
            .strictVariables(true)
            .newLineTrimming(true)
            .build();
  }

  /** Renders template {@code name} with {@code model}. */
  String render(String name, Map<String, Object> model) {
    PebbleTemplate template = engine.getTemplate(name);
    StringWriter out = new StringWriter(4096);
    try {
      template.evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
