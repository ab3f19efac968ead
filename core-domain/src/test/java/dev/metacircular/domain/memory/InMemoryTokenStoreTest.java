package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.TokenStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
