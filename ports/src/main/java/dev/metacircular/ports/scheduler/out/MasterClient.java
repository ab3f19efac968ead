package dev.metacircular.ports.scheduler.out;

import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.util.List;
import java.util.function.Consumer;

/**
 * Outbound port: the master as the {@code mcp} command reaches it, with the operator's token. The
 * same calls as {@link dev.metacircular.ports.scheduler.in.MasterUseCase}, the caller being the
 * token's account.
 */
public interface MasterClient extends AutoCloseable {

  ServiceStatus deploy(ServiceDefinition definition);

  ServiceStatus stop(String service);

  ServiceStatus start(String service);

  ServiceStatus restart(String service);

  void undeploy(String service);

  ServiceStatus status(String service);

  List<ServiceStatus> ps();

  List<String> logs(String service, int tail);

  /** Follows the service's output until the handle is closed or the stream ends. */
  AutoCloseable followLogs(String service, int tail, Consumer<String> lines, Runnable ended);

  List<NodeStatus> nodes();

  List<RecoveryReport> recover(String node);

  BootReport boot();

  ServiceStatus migrate(String service, String to);

  @Override
  void close();
}
