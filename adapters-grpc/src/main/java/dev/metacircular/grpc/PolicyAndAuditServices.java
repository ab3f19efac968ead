package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy and audit services that both doors serve after their own, each over its service's
 * rules and audit log, admin only. The audit service holds a poller for following tails, so it is a
 * resource of the server that serves it, and is closed when that server fails to start.
 */
final class PolicyAndAuditServices {
  private final PolicyGrpcService policy;
  private final AuditGrpcService audit;

  PolicyAndAuditServices(PolicyAdminUseCase rules, AuditUseCase log) {
    this.audit = new AuditGrpcService(log);
    this.policy = new PolicyGrpcService(rules);
  }

  /**
   * Starts a server serving {@code own} followed by the policy and audit services; see {@link
   * GrpcServer#start}. {@code gate} is null for a service without a seal barrier.
   */
  GrpcServer startWith(
      List<BindableService> own,
      GrpcSettings settings,
      MethodAccess access,
      AuthInterceptor.Authenticator authenticator,
      SealGateInterceptor gate) {
    List<BindableService> services = new ArrayList<>(own);
    services.add(policy);
    services.add(audit);
    try {
      return GrpcServer.start(
          settings, List.copyOf(services), access, authenticator, gate, List.of(audit));
    } catch (RuntimeException e) {
      audit.close();
      throw e;
    }
  }

  /** Every method of the two services, for the admin access map. */
  static MethodDescriptor<?, ?>[] methods() {
    return new MethodDescriptor<?, ?>[] {
      PolicyServiceGrpc.getListRulesMethod(),
      PolicyServiceGrpc.getGetRuleMethod(),
      PolicyServiceGrpc.getCreateRuleMethod(),
      PolicyServiceGrpc.getReplaceRuleMethod(),
      PolicyServiceGrpc.getDeleteRuleMethod(),
      PolicyServiceGrpc.getExplainMethod(),
      AuditServiceGrpc.getQueryMethod(),
      AuditServiceGrpc.getTailMethod()
    };
  }
}
