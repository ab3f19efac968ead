package dev.metacircular.rest.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/** {@code /v1/policy/rules} and {@code /v1/policy/explain}: the same paths on both services. */
final class RestRuleClient implements RuleClient {
  private final RestEndpoint endpoint;

  RestRuleClient(RestEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public List<PolicyRule> list() {
    List<PolicyRule> rules = new ArrayList<>();
    for (JsonNode r : endpoint.get("/v1/policy/rules").path("rules")) {
      rules.add(WireForms.rule(r));
    }
    return rules;
  }

  @Override
  public PolicyRule get(String id) {
    return WireForms.rule(endpoint.get("/v1/policy/rules/" + RestEndpoint.segment(id)));
  }

  @Override
  public PolicyRule create(PolicyRule rule) {
    return WireForms.rule(endpoint.post("/v1/policy/rules", WireForms.ruleBody(rule)));
  }

  @Override
  public void delete(String id) {
    endpoint.delete("/v1/policy/rules/" + RestEndpoint.segment(id));
  }

  @Override
  public Explanation explain(PolicyRequest request) {
    return WireForms.explanation(
        endpoint.post("/v1/policy/explain", WireForms.explainBody(request)));
  }
}
