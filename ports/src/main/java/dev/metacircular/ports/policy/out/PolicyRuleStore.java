package dev.metacircular.ports.policy.out;

import dev.metacircular.ports.policy.PolicyRule;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: where one service keeps its policy rules. Each service (identity login policy,
 * crypto-service ACLs) has its own store; the engine that evaluates them is shared.
 */
public interface PolicyRuleStore {

  /** Every rule, in no particular order. */
  List<PolicyRule> list();

  /** The rule with this id, if any. */
  Optional<PolicyRule> find(String id);

  /** Inserts or replaces the rule with {@code rule.id()}, which must not be null. */
  void put(PolicyRule rule);

  /** Removes the rule; false when there was none with this id. */
  boolean delete(String id);
}
