package dev.metacircular.web.common;

/** Request paths as they may appear in a log line: no control characters, cut short. */
final class LogSafe {
  private static final int MAX_PATH = 200;

  private LogSafe() {}

  static String path(String path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(path.length(), MAX_PATH) + 3);
    for (int i = 0; i < path.length() && i < MAX_PATH; i++) {
      char c = path.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (path.length() > MAX_PATH) {
      sb.append("...");
    }
    return sb.toString();
  }
}
