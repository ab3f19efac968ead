package dev.metacircular.domain.memory;

import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Policy rules kept in memory. Thread-safe; takes part in the units of work of its transactions.
 */
public final class InMemoryPolicyRuleStore implements PolicyRuleStore {

  private final InMemoryTransactions transactions;
  private final JournaledMap<String, PolicyRule> byId;

  /** A store with a database of its own. */
  public InMemoryPolicyRuleStore() {
    this(new InMemoryTransactions());
  }

  /** A store in the database of {@code transactions}. */
  public InMemoryPolicyRuleStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byId = new JournaledMap<>(new LinkedHashMap<>(), transactions);
  }

  @Override
  public List<PolicyRule> list() {
    return transactions.inTransaction(() -> List.copyOf(byId.values()));
  }

  @Override
  public Optional<PolicyRule> find(String id) {
    return transactions.inTransaction(() -> Optional.ofNullable(byId.get(id)));
  }

  @Override
  public void put(PolicyRule rule) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(rule.id(), "rule id");
    transactions.run(() -> byId.put(rule.id(), rule));
  }

  @Override
  public boolean delete(String id) {
    return transactions.inTransaction(() -> byId.remove(id));
  }
}
