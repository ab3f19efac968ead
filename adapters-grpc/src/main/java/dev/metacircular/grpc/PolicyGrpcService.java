package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.policy.v1.CreateRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.DeleteRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.DeleteRuleResponse;
import dev.metacircular.grpc.proto.policy.v1.ExplainRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainResponse;
import dev.metacircular.grpc.proto.policy.v1.GetRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.ListRulesRequest;
import dev.metacircular.grpc.proto.policy.v1.ListRulesResponse;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.ReplaceRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.Resources;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.grpc.proto.policy.v1.Subjects;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import io.grpc.stub.StreamObserver;

/**
 * {@code metacircular.policy.v1.PolicyService} over one service's rules: the identity service's
 * login policy or the crypto service's ACL. The same rule form as REST (DESIGN §3.2).
 */
final class PolicyGrpcService extends PolicyServiceGrpc.PolicyServiceImplBase {
  /** The priority of a rule that does not give one (as REST). */
  static final int DEFAULT_PRIORITY = 100;

  private final PolicyAdminUseCase policy;

  PolicyGrpcService(PolicyAdminUseCase policy) {
    this.policy = policy;
  }

  @Override
  public void listRules(ListRulesRequest request, StreamObserver<ListRulesResponse> out) {
    Calls.unary(
        out,
        () -> {
          ListRulesResponse.Builder rules = ListRulesResponse.newBuilder();
          policy.list(Door.caller()).forEach(rule -> rules.addRules(rule(rule)));
          return rules.build();
        });
  }

  @Override
  public void getRule(GetRuleRequest request, StreamObserver<Rule> out) {
    Calls.unary(out, () -> rule(policy.get(Door.caller(), request.getId())));
  }

  @Override
  public void createRule(CreateRuleRequest request, StreamObserver<Rule> out) {
    Calls.unary(out, () -> rule(policy.create(Door.caller(), rule(request.getRule()))));
  }

  @Override
  public void replaceRule(ReplaceRuleRequest request, StreamObserver<Rule> out) {
    Calls.unary(
        out, () -> rule(policy.replace(Door.caller(), request.getId(), rule(request.getRule()))));
  }

  @Override
  public void deleteRule(DeleteRuleRequest request, StreamObserver<DeleteRuleResponse> out) {
    Calls.unary(
        out,
        () -> {
          policy.delete(Door.caller(), request.getId());
          return DeleteRuleResponse.getDefaultInstance();
        });
  }

  @Override
  public void explain(ExplainRequest request, StreamObserver<ExplainResponse> out) {
    Calls.unary(
        out,
        () -> {
          PolicyRequest asked =
              new PolicyRequest(
                  request.hasSubject()
                      ? new PolicyRequest.Subject(
                          Wire.orNull(request.getSubject().getUsername()),
                          request.getSubject().getRolesList(),
                          Wire.orNull(request.getSubject().getAccountType()))
                      : null,
                  request.hasResource()
                      ? new PolicyRequest.Resource(
                          Wire.orNull(request.getResource().getService()),
                          request.getResource().getTagsList(),
                          Wire.orNull(request.getResource().getMount()),
                          Wire.orNull(request.getResource().getPath()))
                      : null,
                  Wire.orNull(request.getAction()));
          Explanation explanation = policy.explain(Door.caller(), asked);
          ExplainResponse.Builder answer =
              ExplainResponse.newBuilder()
                  .setDecision(explanation.decision().wireName())
                  .setReason(explanation.reason());
          if (explanation.rule() != null) {
            answer.setRule(rule(explanation.rule()));
          }
          return answer.build();
        });
  }

  static PolicyRule rule(Rule rule) {
    if (rule.getEffect().isEmpty()) {
      throw new DomainException.InvalidInput("effect is required");
    }
    Subjects s = rule.getSubjects();
    Resources r = rule.getResources();
    return new PolicyRule(
        Wire.orNull(rule.getId()),
        rule.hasPriority() ? rule.getPriority() : DEFAULT_PRIORITY,
        Effect.fromWire(rule.getEffect()),
        Wire.orNull(rule.getDescription()),
        new SubjectMatch(s.getUsernamesList(), s.getRolesList(), s.getAccountTypesList()),
        new ResourceMatch(
            r.getServicesList(), r.getTagsList(), r.getMountsList(), r.getPathsList()),
        rule.getActionsList());
  }

  static Rule rule(PolicyRule rule) {
    SubjectMatch s = rule.subjects();
    ResourceMatch r = rule.resources();
    Rule.Builder out =
        Rule.newBuilder()
            .setPriority(rule.priority())
            .setEffect(rule.effect().wireName())
            .setSubjects(
                Subjects.newBuilder()
                    .addAllUsernames(s.usernames())
                    .addAllRoles(s.roles())
                    .addAllAccountTypes(s.accountTypes()))
            .setResources(
                Resources.newBuilder()
                    .addAllServices(r.services())
                    .addAllTags(r.tags())
                    .addAllMounts(r.mounts())
                    .addAllPaths(r.paths()))
            .addAllActions(rule.actions());
    if (rule.id() != null) {
      out.setId(rule.id()); // a rule a client sends to be created has none yet
    }
    if (rule.description() != null) {
      out.setDescription(rule.description());
    }
    return out.build();
  }
}
