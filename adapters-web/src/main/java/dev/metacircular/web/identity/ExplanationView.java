package dev.metacircular.web.identity;

import dev.metacircular.ports.policy.Explanation;

/** The answer of the explain form: the decision, the rule that matched (or null) and why. */
public record ExplanationView(String decision, boolean allowed, RuleView rule, String reason) {

  static ExplanationView of(Explanation e) {
    return new ExplanationView(
        e.decision().wireName(),
        e.allowed(),
        e.rule() == null ? null : RuleView.of(e.rule()),
        e.reason());
  }
}
