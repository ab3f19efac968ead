package dev.metacircular.ports.scheduler.out;

import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.servicedata.out.ServiceDataClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outbound port: one agent, as the master reaches it (gRPC over TLS with the master's own
 * system-account token). The agent's refusals arrive as the same {@code DomainException}s; an agent
 * that cannot be reached is {@link dev.metacircular.ports.client.Unreachable}.
 */
public interface AgentClient extends ServiceDataClient {

  NodeReport report();

  ServiceStatus deploy(ServiceDefinition definition);

  ServiceStatus stop(String service);

  ServiceStatus start(String service);

  ServiceStatus restart(String service);

  void undeploy(String service);

  ServiceStatus status(String service);

  List<ServiceStatus> list();

  RecoveryReport recover();

  List<String> logs(String service, int tail);

  AutoCloseable followLogs(String service, int tail, Consumer<String> lines);
}
