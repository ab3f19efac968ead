package dev.metacircular.ports.policy.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.List;

/**
 * Inbound port: managing and explaining one service's policy rules (identity login policy,
 * crypto-service ACLs). Every call requires an admin caller; every change is audited.
 */
public interface PolicyAdminUseCase {

  /** Rules in evaluation order (priority, then DENY before ALLOW, then id). */
  List<PolicyRule> list(Caller caller);

  PolicyRule get(Caller caller, String id);

  /** Stores a new rule; assigns an id when it has none; {@code Conflict} if the id is taken. */
  PolicyRule create(Caller caller, PolicyRule rule);

  /** Replaces the rule with this id (the body's id, if any, must match). */
  PolicyRule replace(Caller caller, String id, PolicyRule rule);

  void delete(Caller caller, String id);

  /** What the current rules decide for this request, and why. */
  Explanation explain(Caller caller, PolicyRequest request);
}
