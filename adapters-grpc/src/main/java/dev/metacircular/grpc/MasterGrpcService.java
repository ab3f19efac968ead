package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.BootReport;
import dev.metacircular.grpc.proto.mcp.v1.Empty;
import dev.metacircular.grpc.proto.mcp.v1.LogLine;
import dev.metacircular.grpc.proto.mcp.v1.LogLines;
import dev.metacircular.grpc.proto.mcp.v1.LogsRequest;
import dev.metacircular.grpc.proto.mcp.v1.MasterServiceGrpc;
import dev.metacircular.grpc.proto.mcp.v1.MigrateRequest;
import dev.metacircular.grpc.proto.mcp.v1.NodeList;
import dev.metacircular.grpc.proto.mcp.v1.RecoverRequest;
import dev.metacircular.grpc.proto.mcp.v1.RecoveryReports;
import dev.metacircular.grpc.proto.mcp.v1.ServiceDefinition;
import dev.metacircular.grpc.proto.mcp.v1.ServiceList;
import dev.metacircular.grpc.proto.mcp.v1.ServiceName;
import dev.metacircular.grpc.proto.mcp.v1.ServiceStatus;
import dev.metacircular.ports.scheduler.in.MasterUseCase;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.mcp.v1.MasterService} over the master's inbound port. */
final class MasterGrpcService extends MasterServiceGrpc.MasterServiceImplBase {

  private final MasterUseCase master;

  MasterGrpcService(MasterUseCase master) {
    this.master = master;
  }

  @Override
  public void deploy(ServiceDefinition request, StreamObserver<ServiceStatus> out) {
    Calls.unary(
        out, () -> McpWire.status(master.deploy(Door.caller(), McpWire.definition(request))));
  }

  @Override
  public void stop(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(master.stop(Door.caller(), request.getName())));
  }

  @Override
  public void start(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(master.start(Door.caller(), request.getName())));
  }

  @Override
  public void restart(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(master.restart(Door.caller(), request.getName())));
  }

  @Override
  public void undeploy(ServiceName request, StreamObserver<Empty> out) {
    Calls.unary(
        out,
        () -> {
          master.undeploy(Door.caller(), request.getName());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void status(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(master.status(Door.caller(), request.getName())));
  }

  @Override
  public void ps(Empty request, StreamObserver<ServiceList> out) {
    Calls.unary(out, () -> McpWire.list(master.ps(Door.caller())));
  }

  @Override
  public void logs(LogsRequest request, StreamObserver<LogLines> out) {
    Calls.unary(
        out,
        () ->
            LogLines.newBuilder()
                .addAllLines(
                    master.logs(Door.caller(), request.getName(), AgentGrpcService.tail(request)))
                .build());
  }

  @Override
  public void followLogs(LogsRequest request, StreamObserver<LogLine> out) {
    LogStreams.follow(
        out,
        lines ->
            master.followLogs(
                Door.caller(), request.getName(), AgentGrpcService.tail(request), lines));
  }

  @Override
  public void nodes(Empty request, StreamObserver<NodeList> out) {
    Calls.unary(
        out,
        () -> {
          NodeList.Builder b = NodeList.newBuilder();
          master.nodes(Door.caller()).forEach(n -> b.addNodes(McpWire.node(n)));
          return b.build();
        });
  }

  @Override
  public void recover(RecoverRequest request, StreamObserver<RecoveryReports> out) {
    Calls.unary(
        out,
        () -> {
          RecoveryReports.Builder b = RecoveryReports.newBuilder();
          master
              .recover(Door.caller(), request.getNode())
              .forEach(r -> b.addReports(McpWire.recovery(r)));
          return b.build();
        });
  }

  @Override
  public void migrate(MigrateRequest request, StreamObserver<ServiceStatus> out) {
    Calls.unary(
        out,
        () -> McpWire.status(master.migrate(Door.caller(), request.getName(), request.getTo())));
  }

  @Override
  public void boot(Empty request, StreamObserver<BootReport> out) {
    Calls.unary(out, () -> McpWire.boot(master.boot(Door.caller())));
  }
}
