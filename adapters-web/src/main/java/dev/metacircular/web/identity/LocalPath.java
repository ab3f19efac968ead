package dev.metacircular.web.identity;

import java.util.regex.Pattern;

/**
 * Where a page may send the browser after login: a path on this server only. Anything else (an
 * absolute URL, {@code //host}, a backslash some browsers read as a slash, control characters)
 * falls back to the default, so a crafted {@code ?next=} cannot make the login an open redirect.
 */
public final class LocalPath {
  private static final Pattern SAFE =
      Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,1023}");

  private LocalPath() {}

  /** {@code candidate} when it is a safe local path, else {@code fallback}. */
  public static String orElse(String candidate, String fallback) {
    return candidate != null && SAFE.matcher(candidate).matches() && !candidate.contains("\\")
        ? candidate
        : fallback;
  }
}
