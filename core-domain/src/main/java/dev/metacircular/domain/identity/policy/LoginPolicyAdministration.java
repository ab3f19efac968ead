package dev.metacircular.domain.identity.policy;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.policy.PolicyEngine;
import dev.metacircular.domain.policy.PolicyRules;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Managing the login policy rules (admins only, every change audited with the rule id). Explain
 * answers exactly what login would decide: same rules, same engine, no admin bypass.
 */
public final class LoginPolicyAdministration implements PolicyAdminUseCase {

  private final PolicyRuleStore rules;
  private final Transactions transactions;
  private final Auditor auditor;

  public LoginPolicyAdministration(
      PolicyRuleStore rules, Transactions transactions, Auditor auditor) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
  }

  @Override
  public List<PolicyRule> list(Caller caller) {
    Admins.require(caller);
    return PolicyEngine.evaluationOrder(rules.list());
  }

  @Override
  public PolicyRule get(Caller caller, String id) {
    Admins.require(caller);
    return find(id);
  }

  @Override
  public PolicyRule create(Caller caller, PolicyRule rule) {
    Admins.require(caller);
    Objects.requireNonNull(rule, "rule");
    PolicyRule stored =
        PolicyRules.validate(rule.id() == null ? rule.withId(PolicyRules.newId()) : rule);
    transactions.run(
        () -> {
          if (rules.find(stored.id()).isPresent()) {
            throw new DomainException.Conflict("rule id already exists");
          }
          rules.put(stored);
          auditor.record(
              IdentityAuditTypes.POLICY_RULE_CREATED, caller, stored.id(), details(stored));
        });
    return stored;
  }

  @Override
  public PolicyRule replace(Caller caller, String id, PolicyRule rule) {
    Admins.require(caller);
    Objects.requireNonNull(rule, "rule");
    if (id == null || id.isBlank()) {
      throw new DomainException.InvalidInput("rule id is required");
    }
    if (rule.id() != null && !rule.id().equals(id)) {
      throw new DomainException.InvalidInput("rule id in the body does not match the path");
    }
    PolicyRule stored = PolicyRules.validate(rule.withId(id));
    transactions.run(
        () -> {
          find(id);
          rules.put(stored);
          auditor.record(IdentityAuditTypes.POLICY_RULE_UPDATED, caller, id, details(stored));
        });
    return stored;
  }

  @Override
  public void delete(Caller caller, String id) {
    Admins.require(caller);
    transactions.run(
        () -> {
          if (id == null || !rules.delete(id)) {
            throw new DomainException.NotFound("rule not found");
          }
          auditor.record(IdentityAuditTypes.POLICY_RULE_DELETED, caller, id, Map.of());
        });
  }

  @Override
  public Explanation explain(Caller caller, PolicyRequest request) {
    Admins.require(caller);
    Objects.requireNonNull(request, "request");
    return PolicyEngine.evaluate(rules.list(), request);
  }

  private PolicyRule find(String id) {
    if (id == null) {
      throw new DomainException.NotFound("rule not found");
    }
    return rules.find(id).orElseThrow(() -> new DomainException.NotFound("rule not found"));
  }

  private static Map<String, String> details(PolicyRule rule) {
    return Map.of(
        "priority", Integer.toString(rule.priority()), "effect", rule.effect().wireName());
  }
}
