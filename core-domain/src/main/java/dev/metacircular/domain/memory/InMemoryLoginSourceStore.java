package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.LoginSourceStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Login sources kept in memory. Thread-safe; takes part in the units of work of its transactions.
 */
public final class InMemoryLoginSourceStore implements LoginSourceStore {

  /** The map key: an account and one of its sources. */
  private record Key(UUID accountId, String source) {}

  private final InMemoryTransactions transactions;
  private final InMemoryAccountStore accounts;
  private final JournaledMap<Key, LoginSource> rows;

  public InMemoryLoginSourceStore(
      InMemoryTransactions transactions, InMemoryAccountStore accounts) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.rows = new JournaledMap<>(new HashMap<>(), transactions);
  }

  @Override
  public Optional<LoginSource> find(UUID accountId, String source) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(source, "source");
    return transactions.inTransaction(
        () -> Optional.ofNullable(rows.get(new Key(accountId, source))));
  }

  @Override
  public void put(LoginSource source) {
    Objects.requireNonNull(source, "source");
    transactions.run(
        () -> {
          // Like the SQLite foreign key: a source belongs to a stored account.
          if (accounts.findById(source.accountId()).isEmpty()) {
            throw new DomainException.NotFound("account not found");
          }
          rows.put(new Key(source.accountId(), source.source()), source);
        });
  }

  @Override
  public int forgetStale(UUID accountId, Instant before) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(before, "before");
    return transactions.inTransaction(
        () -> {
          List<LoginSource> stale =
              rows.values().stream()
                  .filter(r -> r.accountId().equals(accountId))
                  .filter(r -> !r.source().equals(LoginSource.UNKNOWN_SOURCES))
                  .filter(r -> r.lastSuccessAt() == null || r.lastSuccessAt().isBefore(before))
                  .toList();
          stale.forEach(r -> rows.remove(new Key(r.accountId(), r.source())));
          return stale.size();
        });
  }
}
