package dev.metacircular.ports.scheduler.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.FleetEvent;
import dev.metacircular.ports.scheduler.NodeStatus;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import java.util.List;
import java.util.function.Consumer;

/**
 * Inbound port: the master, what the {@code mcp} command talks to. It places services on nodes (an
 * explicit node, the core tier on the master node, other work on the healthy worker with the most
 * room), keeps the fleet's registry (what runs where), probes the agents, and forwards each command
 * to the agent that runs the service. Admins only ({@code Forbidden} otherwise); every state change
 * is audited. A placement refusal is {@code PreconditionFailed} with its reason.
 */
public interface MasterUseCase {

  ServiceStatus deploy(Caller caller, ServiceDefinition definition);

  ServiceStatus stop(Caller caller, String service);

  ServiceStatus start(Caller caller, String service);

  ServiceStatus restart(Caller caller, String service);

  /** Removes the service from its node and from the fleet's registry. */
  void undeploy(Caller caller, String service);

  ServiceStatus status(Caller caller, String service);

  /** Every service of the fleet; those on a node that does not answer are {@code unknown}. */
  List<ServiceStatus> ps(Caller caller);

  List<String> logs(Caller caller, String service, int tail);

  AutoCloseable followLogs(Caller caller, String service, int tail, Consumer<String> lines);

  /** The nodes and their health. */
  List<NodeStatus> nodes(Caller caller);

  /** Reconciles one node ({@code node} non-empty) or every healthy node from its registry. */
  List<RecoveryReport> recover(Caller caller, String node);

  /** Runs the boot stages in order, each checked before the next. */
  BootReport boot(Caller caller);

  /**
   * Moves a service to node {@code to}: stop on its node, snapshot of its data directory, extracted
   * on {@code to}, deployed there, removed from the source (whose data directory stays as the
   * rollback copy). Refused ({@code PreconditionFailed}, nothing changed) when {@code to} is
   * unknown, unhealthy, an edge node or the service's own node; a failure after the stop starts the
   * service on its node again, removes what was created on {@code to}, and names the failed step.
   */
  ServiceStatus migrate(Caller caller, String service, String to);

  /**
   * The newest {@code limit} events of one service ({@code service} non-empty; {@code NotFound}
   * when it is not deployed) or of every service of the fleet ({@code service} empty), newest
   * first: those the master records itself (deployed, migrated, failed) and those the service's
   * node keeps (its newest ones: started, stopped, repaired, drift, flapping...). A node that does
   * not answer, or no longer has the service, contributes none. A read, for the fleet page; {@code
   * limit} must be positive ({@code InvalidInput}).
   */
  List<FleetEvent> events(Caller caller, String service, int limit);
}
