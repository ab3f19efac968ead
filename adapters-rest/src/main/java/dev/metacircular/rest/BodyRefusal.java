package dev.metacircular.rest;

import java.util.Locale;

/**
 * A request body refused at the HTTP layer, before any JSON is decoded: sent with the wrong media
 * type (415), or cut off by the client (400). Both are the client's doing, so neither is logged as
 * a server failure.
 */
abstract sealed class BodyRefusal extends RuntimeException
    permits BodyRefusal.UnsupportedMediaType, BodyRefusal.Aborted {

  static final String JSON_TYPE = "application/json";

  private BodyRefusal(String message, Throwable cause) {
    // No stack trace: this is an answer to the client, never a diagnostic for the operator.
    super(message, cause, false, false);
  }

  abstract int status();

  /**
   * A JSON endpoint got a body without {@code Content-Type: application/json}. Refusing it is what
   * stops a web page from posting JSON cross-site as a CORS "simple" request ({@code text/plain} or
   * a form type needs no preflight).
   */
  static final class UnsupportedMediaType extends BodyRefusal {
    UnsupportedMediaType() {
      super("request body must be sent with Content-Type: " + JSON_TYPE, null);
    }

    @Override
    int status() {
      return 415;
    }
  }

  /** The client stopped sending (closed, reset, or went silent) before the body was complete. */
  static final class Aborted extends BodyRefusal {
    Aborted(Throwable cause) {
      super("request body incomplete", cause);
    }

    @Override
    int status() {
      return 400;
    }
  }

  /**
   * Whether {@code contentType} is JSON in UTF-8: {@code application/json}, optionally with a
   * {@code charset=utf-8} parameter (any other charset is refused: bodies are decoded as UTF-8).
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(JSON_TYPE)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=")) {
        String charset = parameter.substring("charset=".length()).replace("\"", "");
        if (!charset.equals("utf-8") && !charset.equals("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether {@code e} is Jetty reporting that the client went away while we read its request (an
   * early end of stream, a reset, or the idle timeout on a body that stopped coming), rather than a
   * failure of ours.
   */
  static boolean clientWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof Aborted
          || t instanceof org.eclipse.jetty.io.EofException
          || t instanceof java.util.concurrent.TimeoutException
          || (t instanceof org.eclipse.jetty.http.BadMessageException bad
              && bad.getCode() == 400)) {
        return true;
      }
    }
    return false;
  }
}
