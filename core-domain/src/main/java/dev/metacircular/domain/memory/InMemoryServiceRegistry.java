package dev.metacircular.domain.memory;

import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The service registry in memory (tests, embedding). Thread-safe. */
public final class InMemoryServiceRegistry implements ServiceRegistry {

  private final Map<String, RegisteredService> services = new TreeMap<>();
  private final Map<String, List<ServiceEvent>> events = new TreeMap<>();

  @Override
  public synchronized Optional<RegisteredService> find(String name) {
    return Optional.ofNullable(services.get(name));
  }

  @Override
  public synchronized List<RegisteredService> all() {
    return List.copyOf(services.values());
  }

  @Override
  public synchronized void save(RegisteredService service) {
    services.put(service.name(), service);
  }

  @Override
  public synchronized void delete(String name) {
    services.remove(name);
    events.remove(name);
  }

  @Override
  public synchronized void appendEvent(String service, ServiceEvent event) {
    events.computeIfAbsent(service, s -> new ArrayList<>()).add(event);
  }

  @Override
  public synchronized List<ServiceEvent> events(String service, int limit) {
    List<ServiceEvent> all = events.getOrDefault(service, List.of());
    return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
  }
}
