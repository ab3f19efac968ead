package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.AgentServiceGrpc;
import dev.metacircular.grpc.proto.mcp.v1.DataChunk;
import dev.metacircular.grpc.proto.mcp.v1.Empty;
import dev.metacircular.grpc.proto.mcp.v1.LogLine;
import dev.metacircular.grpc.proto.mcp.v1.LogLines;
import dev.metacircular.grpc.proto.mcp.v1.LogsRequest;
import dev.metacircular.grpc.proto.mcp.v1.NodeReport;
import dev.metacircular.grpc.proto.mcp.v1.RecoveryReport;
import dev.metacircular.grpc.proto.mcp.v1.ServiceDefinition;
import dev.metacircular.grpc.proto.mcp.v1.ServiceList;
import dev.metacircular.grpc.proto.mcp.v1.ServiceName;
import dev.metacircular.grpc.proto.mcp.v1.ServiceStatus;
import dev.metacircular.ports.scheduler.in.AgentUseCase;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.mcp.v1.AgentService} over the agent's inbound port. */
final class AgentGrpcService extends AgentServiceGrpc.AgentServiceImplBase {

  private final AgentUseCase agent;

  AgentGrpcService(AgentUseCase agent) {
    this.agent = agent;
  }

  @Override
  public void report(Empty request, StreamObserver<NodeReport> out) {
    Calls.unary(out, () -> McpWire.report(agent.report(Door.caller())));
  }

  @Override
  public void deploy(ServiceDefinition request, StreamObserver<ServiceStatus> out) {
    Calls.unary(
        out, () -> McpWire.status(agent.deploy(Door.caller(), McpWire.definition(request))));
  }

  @Override
  public void stop(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(agent.stop(Door.caller(), request.getName())));
  }

  @Override
  public void start(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(agent.start(Door.caller(), request.getName())));
  }

  @Override
  public void restart(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(agent.restart(Door.caller(), request.getName())));
  }

  @Override
  public void undeploy(ServiceName request, StreamObserver<Empty> out) {
    Calls.unary(
        out,
        () -> {
          agent.undeploy(Door.caller(), request.getName());
          return Empty.getDefaultInstance();
        });
  }

  @Override
  public void status(ServiceName request, StreamObserver<ServiceStatus> out) {
    Calls.unary(out, () -> McpWire.status(agent.status(Door.caller(), request.getName())));
  }

  @Override
  public void list(Empty request, StreamObserver<ServiceList> out) {
    Calls.unary(out, () -> McpWire.list(agent.list(Door.caller())));
  }

  @Override
  public void recover(Empty request, StreamObserver<RecoveryReport> out) {
    Calls.unary(out, () -> McpWire.recovery(agent.recover(Door.caller())));
  }

  @Override
  public void logs(LogsRequest request, StreamObserver<LogLines> out) {
    Calls.unary(
        out,
        () ->
            LogLines.newBuilder()
                .addAllLines(agent.logs(Door.caller(), request.getName(), tail(request)))
                .build());
  }

  @Override
  public void followLogs(LogsRequest request, StreamObserver<LogLine> out) {
    LogStreams.follow(
        out, lines -> agent.followLogs(Door.caller(), request.getName(), tail(request), lines));
  }

  @Override
  public void snapshot(ServiceName request, StreamObserver<DataChunk> out) {
    DataStreams.send(out, sink -> agent.snapshot(Door.caller(), request.getName(), sink));
  }

  @Override
  public StreamObserver<DataChunk> receive(StreamObserver<Empty> out) {
    var caller = Door.caller();
    return DataStreams.receive(out, (service, archive) -> agent.receive(caller, service, archive));
  }

  @Override
  public void discardData(ServiceName request, StreamObserver<Empty> out) {
    Calls.unary(
        out,
        () -> {
          agent.discardData(Door.caller(), request.getName());
          return Empty.getDefaultInstance();
        });
  }

  static int tail(LogsRequest request) {
    return request.getTail() <= 0 ? 100 : Math.min(request.getTail(), 10_000);
  }
}
