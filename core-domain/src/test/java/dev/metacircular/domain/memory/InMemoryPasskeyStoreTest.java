package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.PasskeyStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryPasskeyStoreTest extends PasskeyStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
