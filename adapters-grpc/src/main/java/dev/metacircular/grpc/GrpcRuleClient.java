package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.policy.v1.CreateRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.DeleteRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainResource;
import dev.metacircular.grpc.proto.policy.v1.ExplainResponse;
import dev.metacircular.grpc.proto.policy.v1.ExplainSubject;
import dev.metacircular.grpc.proto.policy.v1.GetRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.ListRulesRequest;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metacircular.policy.v1.PolicyService} as a client calls it: served by both services over
 * their own rules. Rules cross the wire in the same forms the server's {@link PolicyGrpcService}
 * reads and writes.
 */
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
      rules.add(rule(r));
    }
    return rules;
  }

  @Override
  public PolicyRule get(String id) {
    return rule(endpoint.call(() -> stub().getRule(GetRuleRequest.newBuilder().setId(id).build())));
  }

  @Override
  public PolicyRule create(PolicyRule rule) {
    CreateRuleRequest request =
        CreateRuleRequest.newBuilder().setRule(PolicyGrpcService.rule(rule)).build();
    return rule(endpoint.call(() -> stub().createRule(request)));
  }

  @Override
  public void delete(String id) {
    endpoint.run(() -> stub().deleteRule(DeleteRuleRequest.newBuilder().setId(id).build()));
  }

  @Override
  public Explanation explain(PolicyRequest request) {
    ExplainResponse e = endpoint.call(() -> stub().explain(explainRequest(request)));
    try {
      return new Explanation(
          Effect.fromWire(e.getDecision()), e.hasRule() ? rule(e.getRule()) : null, e.getReason());
    } catch (RuntimeException ex) {
      throw GrpcServiceClient.malformed("explanation", ex);
    }
  }

  private static PolicyRule rule(Rule r) {
    try {
      return PolicyGrpcService.rule(r);
    } catch (RuntimeException e) {
      throw GrpcServiceClient.malformed("rule", e);
    }
  }

  /** Absent fields are left unset (the identity service knows no mount). */
  private static ExplainRequest explainRequest(PolicyRequest request) {
    ExplainSubject.Builder subject =
        ExplainSubject.newBuilder().addAllRoles(request.subject().roles());
    if (request.subject().username() != null) {
      subject.setUsername(request.subject().username());
    }
    if (request.subject().accountType() != null) {
      subject.setAccountType(request.subject().accountType());
    }
    ExplainResource.Builder resource =
        ExplainResource.newBuilder().addAllTags(request.resource().tags());
    if (request.resource().service() != null) {
      resource.setService(request.resource().service());
    }
    if (request.resource().mount() != null) {
      resource.setMount(request.resource().mount());
    }
    if (request.resource().path() != null) {
      resource.setPath(request.resource().path());
    }
    return ExplainRequest.newBuilder()
        .setSubject(subject)
        .setResource(resource)
        .setAction(request.action())
        .build();
  }
}
