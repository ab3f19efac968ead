package dev.metacircular.domain.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A map whose writes can be undone by the unit of work they belong to. All access happens inside a
 * unit of work of {@code transactions}, which guards the map with its lock.
 */
final class JournaledMap<K, V> {

  private final Map<K, V> map;
  private final InMemoryTransactions transactions;

  JournaledMap(Map<K, V> emptyMap, InMemoryTransactions transactions) {
    this.map = Objects.requireNonNull(emptyMap, "emptyMap");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
  }

  V get(K key) {
    return map.get(key);
  }

  boolean containsKey(K key) {
    return map.containsKey(key);
  }

  /** The values, copied, in the map's own order. */
  List<V> values() {
    return new ArrayList<>(map.values());
  }

  void put(K key, V value) {
    boolean had = map.containsKey(key);
    V previous = map.put(key, value);
    transactions.journal(had ? () -> map.put(key, previous) : () -> map.remove(key));
  }

  /** Removes the key; false when it was absent. */
  boolean remove(K key) {
    if (!map.containsKey(key)) {
      return false;
    }
    V previous = map.remove(key);
    transactions.journal(() -> map.put(key, previous));
    return true;
  }
}
