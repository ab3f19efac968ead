package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.SsoStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemorySsoStoreTest extends SsoStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
