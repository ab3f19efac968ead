package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcp.v1.Empty;
import dev.metacircular.grpc.proto.mcp.v1.LogsRequest;
import dev.metacircular.grpc.proto.mcp.v1.MasterServiceGrpc;
import dev.metacircular.grpc.proto.mcp.v1.MigrateRequest;
import dev.metacircular.grpc.proto.mcp.v1.RecoverRequest;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.out.MasterClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The {@code mcp} command's view of the master: {@code MasterService} over pinned-trust TLS. */
public final class GrpcMasterClient implements MasterClient {

  private final GrpcEndpoint endpoint;

  public GrpcMasterClient(GrpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  private MasterServiceGrpc.MasterServiceBlockingStub stub() {
    return endpoint.authed(MasterServiceGrpc::newBlockingStub);
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
  public List<ServiceStatus> ps() {
    return McpWire.list(endpoint.call(() -> stub().ps(Empty.getDefaultInstance())));
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
  public AutoCloseable followLogs(
      String service, int tail, Consumer<String> lines, Runnable ended) {
    return LogFollower.start(
        endpoint,
        () ->
            endpoint
                .authedStream(MasterServiceGrpc::newBlockingStub)
                .followLogs(LogsRequest.newBuilder().setName(service).setTail(tail).build()),
        lines,
        ended);
  }

  @Override
  public List<NodeStatus> nodes() {
    return endpoint.call(() -> stub().nodes(Empty.getDefaultInstance())).getNodesList().stream()
        .map(McpWire::node)
        .toList();
  }

  @Override
  public List<RecoveryReport> recover(String node) {
    return endpoint
        .call(() -> stub().recover(RecoverRequest.newBuilder().setNode(node).build()))
        .getReportsList()
        .stream()
        .map(McpWire::recovery)
        .toList();
  }

  @Override
  public BootReport boot() {
    return McpWire.boot(endpoint.call(() -> stub().boot(Empty.getDefaultInstance())));
  }

  @Override
  public ServiceStatus migrate(String service, String to) {
    // A migration stops, copies and starts a service: longer than one ordinary call may take.
    return McpWire.status(
        endpoint.call(
            () ->
                endpoint
                    .authedStream(MasterServiceGrpc::newBlockingStub)
                    .withDeadlineAfter(
                        DataStreams.TRANSFER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .migrate(MigrateRequest.newBuilder().setName(service).setTo(to).build())));
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
