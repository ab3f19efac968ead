package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.AuditLogContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryAuditLogTest extends AuditLogContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
