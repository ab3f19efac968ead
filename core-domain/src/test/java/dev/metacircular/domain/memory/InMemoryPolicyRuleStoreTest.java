package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.PolicyRuleStoreContract;
import dev.metacircular.ports.contract.StorageFixture;

class InMemoryPolicyRuleStoreTest extends PolicyRuleStoreContract {

  @Override
  protected StorageFixture newFixture() {
    return new InMemoryFixture();
  }
}
