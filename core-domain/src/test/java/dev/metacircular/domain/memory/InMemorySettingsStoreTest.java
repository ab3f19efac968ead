package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.SettingsStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemorySettingsStoreTest extends SettingsStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
