package dev.metacircular.ports.policy;

import java.util.Objects;

/**
 * A decision with its reason: the rule that matched, or null when none did (default deny) or when
 * the caller's context bypassed the rules (admin bypass).
 */
public record Explanation(Effect decision, PolicyRule rule, String reason) {
  public Explanation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean allowed() {
    return decision == Effect.ALLOW;
  }
}
