package dev.metacircular.web.identity;

import dev.metacircular.ports.policy.PolicyRule;
import java.util.List;

/** A policy rule as the templates show it; empty lists read "any". */
public record RuleView(
    String id,
    int priority,
    String effect,
    String description,
    String usernames,
    String roles,
    String accountTypes,
    String services,
    String tags,
    String actions) {

  static RuleView of(PolicyRule rule) {
    return new RuleView(
        rule.id(),
        rule.priority(),
        rule.effect().wireName(),
        rule.description(),
        join(rule.subjects().usernames()),
        join(rule.subjects().roles()),
        join(rule.subjects().accountTypes()),
        join(rule.resources().services()),
        join(rule.resources().tags()),
        join(rule.actions()));
  }

  private static String join(List<String> values) {
    return values.isEmpty() ? "any" : String.join(", ", values);
  }
}
