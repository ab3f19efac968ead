package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.AgentServiceGrpc;
import dev.metacircular.grpc.proto.mcp.v1.Empty;
import dev.metacircular.grpc.proto.mcp.v1.LogsRequest;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.out.AgentClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The master's view of one agent: {@code AgentService} over a pinned-trust TLS channel. */
public final class GrpcAgentClient implements AgentClient, AutoCloseable {

  private final GrpcEndpoint endpoint;

  public GrpcAgentClient(GrpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  private AgentServiceGrpc.AgentServiceBlockingStub stub() {
    return endpoint.authed(AgentServiceGrpc::newBlockingStub);
  }

  @Override
  public NodeReport report() {
    endpoint.reconnectNow();
    return McpWire.report(
        endpoint.call(
            () ->
                endpoint
                    .authed(AgentServiceGrpc::newBlockingStub)
                    .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                    .report(Empty.getDefaultInstance())));
  }

  @Override
  public ServiceStatus deploy(ServiceDefinition definition) {
    return McpWire.status(endpoint.call(() -> stub().deploy(McpWire.definition(definition))));
  }

  @Override
  public ServiceStatus stop(String service) {
    return McpWire.status(endpoint.call(() -> stub().stop(McpWire.serviceName(service))));
  }

  @Override
  public ServiceStatus start(String service) {
    return McpWire.status(endpoint.call(() -> stub().start(McpWire.serviceName(service))));
  }

  @Override
  public ServiceStatus restart(String service) {
    return McpWire.status(endpoint.call(() -> stub().restart(McpWire.serviceName(service))));
  }

  @Override
  public void undeploy(String service) {
    endpoint.run(() -> stub().undeploy(McpWire.serviceName(service)));
  }

  @Override
  public ServiceStatus status(String service) {
    return McpWire.status(endpoint.call(() -> stub().status(McpWire.serviceName(service))));
  }

  @Override
  public List<ServiceStatus> list() {
    return McpWire.list(endpoint.call(() -> stub().list(Empty.getDefaultInstance())));
  }

  @Override
  public RecoveryReport recover() {
    return McpWire.recovery(endpoint.call(() -> stub().recover(Empty.getDefaultInstance())));
  }

  @Override
  public List<String> logs(String service, int tail) {
    return endpoint.call(
        () ->
            stub()
                .logs(LogsRequest.newBuilder().setName(service).setTail(tail).build())
                .getLinesList());
  }

  @Override
  public AutoCloseable followLogs(String service, int tail, Consumer<String> lines) {
    return LogFollower.start(
        endpoint,
        () ->
            endpoint
                .authedStream(AgentServiceGrpc::newBlockingStub)
                .followLogs(LogsRequest.newBuilder().setName(service).setTail(tail).build()),
        lines,
        () -> {});
  }

  @Override
  public void snapshot(String service, OutputStream out) {
    DataStreams.download(
        endpoint,
        () ->
            endpoint
                .authedStream(AgentServiceGrpc::newBlockingStub)
                .withDeadlineAfter(DataStreams.TRANSFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .snapshot(McpWire.serviceName(service)),
        out);
  }

  @Override
  public void receive(String service, InputStream archive) {
    DataStreams.upload(
        endpoint,
        answers ->
            endpoint
                .authedStream(AgentServiceGrpc::newStub)
                .withDeadlineAfter(DataStreams.TRANSFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .receive(answers),
        service,
        archive);
  }

  @Override
  public void discardData(String service) {
    endpoint.run(() -> stub().discardData(McpWire.serviceName(service)));
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
