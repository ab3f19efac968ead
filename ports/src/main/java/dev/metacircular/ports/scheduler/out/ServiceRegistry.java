package dev.metacircular.ports.scheduler.out;

import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.ServiceEvent;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: the desired state of services (an agent's for its node, the master's for the
 * fleet) and their event history. A save replaces the whole service (definition, ports, desired
 * state) in one transaction: a reader never sees half a deploy.
 */
public interface ServiceRegistry {

  Optional<RegisteredService> find(String name);

  /** Every service, by name. */
  List<RegisteredService> all();

  /** Inserts or replaces the service. */
  void save(RegisteredService service);

  /** Forgets the service and its events; no error when it is unknown. */
  void delete(String name);

  /** Appends an event to the service's history. */
  void appendEvent(String service, ServiceEvent event);

  /** The service's newest {@code limit} events, oldest first. */
  List<ServiceEvent> events(String service, int limit);
}
