package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import io.javalin.http.Context;
import java.util.List;

/**
 * Policy rules and the explain call, in the one JSON form of DESIGN §3.2. Generic over which
 * service's rules it manages (identity login policy here; crypto-service ACLs later).
 */
final class PolicyController {
  /** The priority of a rule that does not give one. */
  static final int DEFAULT_PRIORITY = 100;

  private final PolicyAdminUseCase policy;

  PolicyController(PolicyAdminUseCase policy) {
    this.policy = policy;
  }

  void create(Context ctx, Caller caller) {
    PolicyRule rule = JsonBodies.read(ctx, RuleJson.class).toRule();
    JsonBodies.write(ctx, 201, RuleJson.of(policy.create(caller, rule)));
  }

  void list(Context ctx, Caller caller) {
    List<RuleJson> rules = policy.list(caller).stream().map(RuleJson::of).toList();
    JsonBodies.write(ctx, 200, new RuleList(rules));
  }

  void get(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, RuleJson.of(policy.get(caller, ctx.pathParam("id"))));
  }

  void replace(Context ctx, Caller caller) {
    String id = ctx.pathParam("id");
    PolicyRule rule = JsonBodies.read(ctx, RuleJson.class).toRule();
    JsonBodies.write(ctx, 200, RuleJson.of(policy.replace(caller, id, rule)));
  }

  void delete(Context ctx, Caller caller) {
    policy.delete(caller, ctx.pathParam("id"));
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void explain(Context ctx, Caller caller) {
    ExplainRequest request = JsonBodies.read(ctx, ExplainRequest.class);
    Explanation explanation = policy.explain(caller, request.toRequest());
    JsonBodies.write(
        ctx,
        200,
        new ExplanationView(
            explanation.decision().wireName(),
            explanation.rule() == null ? null : RuleJson.of(explanation.rule()),
            explanation.reason()));
  }

  /** A rule on the wire; missing lists are empty, a missing id is assigned by the core. */
  record RuleJson(
      String id,
      Integer priority,
      String effect,
      String description,
      SubjectsJson subjects,
      ResourcesJson resources,
      List<String> actions) {

    PolicyRule toRule() {
      if (effect == null) {
        throw new DomainException.InvalidInput("effect is required");
      }
      SubjectsJson s = subjects == null ? new SubjectsJson(null, null, null) : subjects;
      ResourcesJson r = resources == null ? new ResourcesJson(null, null, null, null) : resources;
      return new PolicyRule(
          id,
          priority == null ? DEFAULT_PRIORITY : priority,
          Effect.fromWire(effect),
          description,
          new SubjectMatch(s.usernames(), s.roles(), s.accountTypes()),
          new ResourceMatch(r.services(), r.tags(), r.mounts(), r.paths()),
          actions);
    }

    static RuleJson of(PolicyRule rule) {
      SubjectMatch s = rule.subjects();
      ResourceMatch r = rule.resources();
      return new RuleJson(
          rule.id(),
          rule.priority(),
          rule.effect().wireName(),
          rule.description(),
          new SubjectsJson(s.usernames(), s.roles(), s.accountTypes()),
          new ResourcesJson(r.services(), r.tags(), r.mounts(), r.paths()),
          rule.actions());
    }
  }

  record SubjectsJson(List<String> usernames, List<String> roles, List<String> accountTypes) {}

  record ResourcesJson(
      List<String> services, List<String> tags, List<String> mounts, List<String> paths) {}

  record RuleList(List<RuleJson> rules) {}

  record ExplainRequest(ExplainSubject subject, ExplainResource resource, String action) {
    PolicyRequest toRequest() {
      return new PolicyRequest(
          subject == null
              ? null
              : new PolicyRequest.Subject(
                  subject.username(), subject.roles(), subject.accountType()),
          resource == null
              ? null
              : new PolicyRequest.Resource(
                  resource.service(), resource.tags(), resource.mount(), resource.path()),
          action);
    }
  }

  record ExplainSubject(String username, List<String> roles, String accountType) {}

  record ExplainResource(String service, List<String> tags, String mount, String path) {}

  record ExplanationView(String decision, RuleJson rule, String reason) {}
}
