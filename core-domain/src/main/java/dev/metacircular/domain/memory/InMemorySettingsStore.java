package dev.metacircular.domain.memory;

import dev.metacircular.ports.storage.out.SettingsStore;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings kept in memory. Values are copied in and out, so no caller can change a stored value
 * behind the store's back. Thread-safe; takes part in the units of work of its transactions.
 */
public final class InMemorySettingsStore implements SettingsStore {

  private final InMemoryTransactions transactions;
  private final JournaledMap<String, byte[]> byName;

  /** A store with a database of its own. */
  public InMemorySettingsStore() {
    this(new InMemoryTransactions());
  }

  /** A store in the database of {@code transactions}. */
  public InMemorySettingsStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byName = new JournaledMap<>(new HashMap<>(), transactions);
  }

  @Override
  public Optional<byte[]> get(String name) {
    return transactions.inTransaction(
        () -> Optional.ofNullable(byName.get(name)).map(byte[]::clone));
  }

  @Override
  public void put(String name, byte[] value) {
    Objects.requireNonNull(name, "name");
    byte[] copy = Objects.requireNonNull(value, "value").clone();
    transactions.run(() -> byName.put(name, copy));
  }

  @Override
  public boolean putIfAbsent(String name, byte[] value) {
    Objects.requireNonNull(name, "name");
    byte[] copy = Objects.requireNonNull(value, "value").clone();
    return transactions.inTransaction(
        () -> {
          if (byName.containsKey(name)) {
            return false;
          }
          byName.put(name, copy);
          return true;
        });
  }
}
