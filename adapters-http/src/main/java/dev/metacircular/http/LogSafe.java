package dev.metacircular.http;

/**
 * Request paths as they may appear in a log line: no control characters (a path cannot forge a log
 * line), cut short. The access log and both doors' error logs write paths through it.
 */
public final class LogSafe {
  private static final int MAX_PATH = 200;

  private LogSafe() {}

  /** The path, control characters replaced with {@code ?}, cut at 200 characters + {@code ...}. */
  public static String path(String path) {
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
