package dev.metacircular.domain.embedded;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.util.List;

/** A policy port of a core opened in this process, called as the offline tool. */
final class InProcessRuleClient implements RuleClient {
  private final PolicyAdminUseCase policy;
  private final Caller caller;

  InProcessRuleClient(PolicyAdminUseCase policy, Caller caller) {
    this.policy = policy;
    this.caller = caller;
  }

  @Override
  public List<PolicyRule> list() {
    return policy.list(caller);
  }

  @Override
  public PolicyRule get(String id) {
    return policy.get(caller, id);
  }

  @Override
  public PolicyRule create(PolicyRule rule) {
    return policy.create(caller, rule);
  }

  @Override
  public void delete(String id) {
    policy.delete(caller, id);
  }

  @Override
  public Explanation explain(PolicyRequest request) {
    return policy.explain(caller, request);
  }
}
