package dev.metacircular.domain.policy;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** What a stored policy rule must satisfy, checked before it is stored. */
public final class PolicyRules {

  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 1_000_000;
  public static final int MAX_ENTRIES = 64;

  /** The wire names a rule may match on: the identity roles and account types, from their types. */
  private static final Set<String> ROLES =
      Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.toUnmodifiableSet());

  private static final Set<String> ACCOUNT_TYPES =
      Arrays.stream(AccountType.values())
          .map(AccountType::wireName)
          .collect(Collectors.toUnmodifiableSet());

  private PolicyRules() {}

  /** Returns the rule, or throws {@link DomainException.InvalidInput} saying what is wrong. */
  public static PolicyRule validate(PolicyRule r) {
    Objects.requireNonNull(r, "rule");
    if (r.priority() < MIN_PRIORITY || r.priority() > MAX_PRIORITY) {
      throw new DomainException.InvalidInput(
          "priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY);
    }
    entries("subjects.usernames", r.subjects().usernames());
    entries("subjects.roles", r.subjects().roles());
    entries("subjects.account_types", r.subjects().accountTypes());
    entries("resources.services", r.resources().services());
    entries("resources.tags", r.resources().tags());
    entries("resources.mounts", r.resources().mounts());
    entries("resources.paths", r.resources().paths());
    entries("actions", r.actions());
    List<String> roles = r.subjects().roles();
    for (int i = 0; i < roles.size(); i++) {
      if (!ROLES.contains(roles.get(i))) {
        throw new DomainException.InvalidInput(
            "subjects.roles[" + i + "] must be \"admin\", \"user\" or \"guest\"");
      }
    }
    List<String> types = r.subjects().accountTypes();
    for (int i = 0; i < types.size(); i++) {
      if (!ACCOUNT_TYPES.contains(types.get(i))) {
        throw new DomainException.InvalidInput(
            "subjects.account_types[" + i + "] must be \"human\" or \"system\"");
      }
    }
    List<String> paths = r.resources().paths();
    for (int i = 0; i < paths.size(); i++) {
      if (paths.get(i).contains("***")) {
        throw new DomainException.InvalidInput(
            "resources.paths[" + i + "] contains \"***\": use \"*\" or \"**\"");
      }
    }
    return r;
  }

  /** A fresh rule id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  private static void entries(String field, List<String> values) {
    if (values.size() > MAX_ENTRIES) {
      throw new DomainException.InvalidInput(field + " has more than " + MAX_ENTRIES + " entries");
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v.isBlank() || v.length() > PolicyRule.MAX_TEXT) {
        throw new DomainException.InvalidInput(
            field + "[" + i + "] must be 1-" + PolicyRule.MAX_TEXT + " characters, not blank");
      }
    }
  }
}
