package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.ServiceRegistryContract;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;

class InMemoryServiceRegistryTest extends ServiceRegistryContract {

  private final InMemoryServiceRegistry registry = new InMemoryServiceRegistry();

  @Override
  protected ServiceRegistry registry() {
    return registry;
  }
}
