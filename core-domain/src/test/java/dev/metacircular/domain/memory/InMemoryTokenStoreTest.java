package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.contract.TokenStoreContract;

class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
