package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.RecoveryCodeStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryRecoveryCodeStoreTest extends RecoveryCodeStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
