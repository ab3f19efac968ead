package dev.metacircular.apps.shell.client;

import dev.metacircular.grpc.proto.policy.v1.CreateRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.DeleteRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.GetRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.ListRulesRequest;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/** {@code metacircular.policy.v1.PolicyService}: served by both services over their own rules. */
final class GrpcRuleClient implements RuleClient {
  private final GrpcEndpoint endpoint;

  GrpcRuleClient(GrpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub stub() {
    return endpoint.authed(PolicyServiceGrpc::newBlockingStub);
  }

  @Override
  public List<PolicyRule> list() {
    List<PolicyRule> rules = new ArrayList<>();
    for (Rule r :
        endpoint
            .call(() -> stub().listRules(ListRulesRequest.getDefaultInstance()))
            .getRulesList()) {
      rules.add(GrpcForms.rule(r));
    }
    return rules;
  }

  @Override
  public PolicyRule get(String id) {
    return GrpcForms.rule(
        endpoint.call(() -> stub().getRule(GetRuleRequest.newBuilder().setId(id).build())));
  }

  @Override
  public PolicyRule create(PolicyRule rule) {
    CreateRuleRequest request =
        CreateRuleRequest.newBuilder().setRule(GrpcForms.rule(rule)).build();
    return GrpcForms.rule(endpoint.call(() -> stub().createRule(request)));
  }

  @Override
  public void delete(String id) {
    endpoint.run(() -> stub().deleteRule(DeleteRuleRequest.newBuilder().setId(id).build()));
  }

  @Override
  public Explanation explain(PolicyRequest request) {
    return GrpcForms.explanation(endpoint.call(() -> stub().explain(GrpcForms.explain(request))));
  }
}
