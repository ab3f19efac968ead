package dev.metacircular.ports.policy;

import java.util.List;

/**
 * Who a rule applies to. An empty list matches anything; a non-empty list matches when the
 * subject's username (or any of its roles, or its account type) is in it.
 */
public record SubjectMatch(List<String> usernames, List<String> roles, List<String> accountTypes) {
  public SubjectMatch {
    usernames = usernames == null ? List.of() : List.copyOf(usernames);
    roles = roles == null ? List.of() : List.copyOf(roles);
    accountTypes = accountTypes == null ? List.of() : List.copyOf(accountTypes);
  }

  public static SubjectMatch any() {
    return new SubjectMatch(List.of(), List.of(), List.of());
  }
}
