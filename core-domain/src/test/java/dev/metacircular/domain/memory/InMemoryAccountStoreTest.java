package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.AccountStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryAccountStoreTest extends AccountStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
