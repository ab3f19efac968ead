package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.PhysicalStorageContract;
import dev.metacircular.ports.storage.out.PhysicalStorage;

class InMemoryPhysicalStorageTest extends PhysicalStorageContract {

  @Override
  protected PhysicalStorage newStorage() {
    return new InMemoryPhysicalStorage();
  }
}
