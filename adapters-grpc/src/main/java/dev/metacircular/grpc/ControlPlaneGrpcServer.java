package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.AgentServiceGrpc;
import dev.metacircular.grpc.proto.mcp.v1.MasterServiceGrpc;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.scheduler.in.AgentUseCase;
import dev.metacircular.ports.scheduler.in.MasterUseCase;
import io.grpc.BindableService;
import java.util.List;
import java.util.Objects;

/**
 * The control plane's gRPC servers ({@code metacircular.mcp.v1}): an agent's {@code AgentService}
 * or the master's {@code MasterService}, over TLS 1.2/1.3 with the same interceptors as the other
 * services. Every method needs a valid token of the server's own audience (delegated to the
 * identity service); who may do what beyond that (admins, the agent's allowed accounts) is the
 * core's decision, audited there.
 */
public final class ControlPlaneGrpcServer implements AutoCloseable {

  private final GrpcServer server;

  private ControlPlaneGrpcServer(GrpcServer server) {
    this.server = server;
  }

  /** Starts an agent's C2 door. */
  public static ControlPlaneGrpcServer agent(
      AgentUseCase agent, DelegatedAuthenticationUseCase auth, GrpcSettings settings) {
    Objects.requireNonNull(agent, "agent");
    MethodAccess access =
        new MethodAccess()
            .authenticated(
                AgentServiceGrpc.getReportMethod(),
                AgentServiceGrpc.getDeployMethod(),
                AgentServiceGrpc.getStopMethod(),
                AgentServiceGrpc.getStartMethod(),
                AgentServiceGrpc.getRestartMethod(),
                AgentServiceGrpc.getUndeployMethod(),
                AgentServiceGrpc.getStatusMethod(),
                AgentServiceGrpc.getListMethod(),
                AgentServiceGrpc.getRecoverMethod(),
                AgentServiceGrpc.getLogsMethod(),
                AgentServiceGrpc.getFollowLogsMethod(),
                AgentServiceGrpc.getSnapshotMethod(),
                AgentServiceGrpc.getReceiveMethod(),
                AgentServiceGrpc.getDiscardDataMethod());
    return start(List.of(new AgentGrpcService(agent)), access, auth, settings);
  }

  /** Starts the master's door for the {@code mcp} command. */
  public static ControlPlaneGrpcServer master(
      MasterUseCase master, DelegatedAuthenticationUseCase auth, GrpcSettings settings) {
    Objects.requireNonNull(master, "master");
    MethodAccess access =
        new MethodAccess()
            .authenticated(
                MasterServiceGrpc.getDeployMethod(),
                MasterServiceGrpc.getStopMethod(),
                MasterServiceGrpc.getStartMethod(),
                MasterServiceGrpc.getRestartMethod(),
                MasterServiceGrpc.getUndeployMethod(),
                MasterServiceGrpc.getStatusMethod(),
                MasterServiceGrpc.getPsMethod(),
                MasterServiceGrpc.getLogsMethod(),
                MasterServiceGrpc.getFollowLogsMethod(),
                MasterServiceGrpc.getNodesMethod(),
                MasterServiceGrpc.getRecoverMethod(),
                MasterServiceGrpc.getBootMethod(),
                MasterServiceGrpc.getMigrateMethod());
    return start(List.of(new MasterGrpcService(master)), access, auth, settings);
  }

  private static ControlPlaneGrpcServer start(
      List<BindableService> services,
      MethodAccess access,
      DelegatedAuthenticationUseCase auth,
      GrpcSettings settings) {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(settings, "settings");
    return new ControlPlaneGrpcServer(
        GrpcServer.start(
            settings,
            services,
            access,
            AuthInterceptor.Authenticator.of(auth::authenticate, auth::requireAdmin),
            null,
            List.of()));
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
