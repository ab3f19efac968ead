package dev.metacircular.ports.policy;

import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Objects;

/**
 * One rule of the generic priority-based policy engine (DESIGN.md §3.2). Lower priority values are
 * evaluated first; the first matching rule decides; DENY wins a tie at equal priority.
 *
 * <p>{@code id} may be null in a rule that has not been stored yet; the store assigns one. {@code
 * description} is free text for operators. An empty {@code actions} list matches any action; {@code
 * "*"} in it does too.
 */
public record PolicyRule(
    String id,
    int priority,
    Effect effect,
    String description,
    SubjectMatch subjects,
    ResourceMatch resources,
    List<String> actions) {

  /** Longest accepted id, description and list entry. */
  public static final int MAX_TEXT = 256;

  public PolicyRule {
    Objects.requireNonNull(effect, "effect");
    subjects = subjects == null ? SubjectMatch.any() : subjects;
    resources = resources == null ? ResourceMatch.any() : resources;
    actions = actions == null ? List.of() : List.copyOf(actions);
    description = description == null ? "" : description;
    if (id != null && (id.isBlank() || id.length() > MAX_TEXT)) {
      throw new DomainException.InvalidInput("rule id must be 1-" + MAX_TEXT + " characters");
    }
    if (description.length() > MAX_TEXT) {
      throw new DomainException.InvalidInput("rule description is longer than " + MAX_TEXT);
    }
  }

  /** The same rule with another id. */
  public PolicyRule withId(String newId) {
    return new PolicyRule(newId, priority, effect, description, subjects, resources, actions);
  }
}
