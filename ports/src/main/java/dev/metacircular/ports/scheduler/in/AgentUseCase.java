package dev.metacircular.ports.scheduler.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.servicedata.in.ServiceDataUseCase;
import java.util.List;
import java.util.function.Consumer;

/**
 * Inbound port: one node's agent (the C2 door calls it for the master and for operators). Every
 * call names its caller; only admins and the agent's {@code allowed_accounts} are obeyed ({@code
 * Forbidden} otherwise), and every state change is audited. Unknown services are {@code NotFound};
 * a definition the node refuses (a volume outside {@code volume_roots}, an edge node...) is {@code
 * InvalidInput} with the reason, and nothing is created. The service data calls (a migration's
 * snapshot and receive) are {@link ServiceDataUseCase}'s.
 */
public interface AgentUseCase extends ServiceDataUseCase {

  /** The node's identity, capacity and use (the master's heartbeat probe). */
  NodeReport report(Caller caller);

  /**
   * Deploys or redeploys: registers the definition, keeps the service's host ports, creates what is
   * missing and recreates components whose spec changed; the same definition twice changes nothing.
   */
  ServiceStatus deploy(Caller caller, ServiceDefinition definition);

  /** Stops the service's containers and records that it should stay stopped. */
  ServiceStatus stop(Caller caller, String service);

  /** Starts a stopped (or flapping) service again and resumes repairs. */
  ServiceStatus start(Caller caller, String service);

  /** Restarts the service's containers in place. */
  ServiceStatus restart(Caller caller, String service);

  /** Removes the service's containers and forgets it (its ports are freed). */
  void undeploy(Caller caller, String service);

  /** One service. */
  ServiceStatus status(Caller caller, String service);

  /** Every service of the node. */
  List<ServiceStatus> list(Caller caller);

  /** Reconciles the runtime against the registry now (the reference's {@code recover}). */
  RecoveryReport recover(Caller caller);

  /** The last {@code tail} lines of each of the service's containers. */
  List<String> logs(Caller caller, String service, int tail);

  /** Follows the first component's output until the handle is closed. */
  AutoCloseable followLogs(Caller caller, String service, int tail, Consumer<String> lines);
}
