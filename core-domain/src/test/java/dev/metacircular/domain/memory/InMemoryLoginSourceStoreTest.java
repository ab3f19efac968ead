package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.LoginSourceStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryLoginSourceStoreTest extends LoginSourceStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
