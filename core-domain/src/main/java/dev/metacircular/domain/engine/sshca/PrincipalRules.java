package dev.metacircular.domain.engine.sshca;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a profile's {@code allowed_principals} allow a principal for a caller: each entry is a
 * literal, a glob ({@code *} any run of characters, {@code ?} one character, as OpenSSH's own
 * patterns) or a template where {@code {{username}}} stands for the caller's identity username,
 * taken literally (a username's characters are never wildcards).
 */
final class PrincipalRules {
  static final String USERNAME = "{{username}}";

  private PrincipalRules() {}

  static boolean allows(List<String> allowed, String principal, String username) {
    for (String rule : allowed) {
      if (pattern(rule, username).matcher(principal).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern pattern(String rule, String username) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < rule.length()) {
      if (rule.startsWith(USERNAME, i)) {
        regex.append(Pattern.quote(username));
        i += USERNAME.length();
        continue;
      }
      char c = rule.charAt(i++);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
