package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.RecoveryCodeStore;
import dev.metacircular.ports.identity.out.StoredRecoveryCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Recovery codes kept in memory. Thread-safe; takes part in its transactions' units of work. */
public final class InMemoryRecoveryCodeStore implements RecoveryCodeStore {

  /** A code's key: the account and the code's id. */
  private record Key(UUID accountId, String codeId) {}

  private final InMemoryTransactions transactions;
  private final InMemoryAccountStore accounts;
  private final JournaledMap<Key, StoredRecoveryCode> codes;

  public InMemoryRecoveryCodeStore(
      InMemoryTransactions transactions, InMemoryAccountStore accounts) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.codes = new JournaledMap<>(new HashMap<>(), transactions);
  }

  @Override
  public void replace(UUID accountId, List<StoredRecoveryCode> replacement) {
    Objects.requireNonNull(accountId, "accountId");
    List<StoredRecoveryCode> copy = List.copyOf(replacement);
    for (StoredRecoveryCode c : copy) {
      if (!c.accountId().equals(accountId)) {
        throw new IllegalArgumentException("a code of another account");
      }
    }
    transactions.run(
        () -> {
          if (accounts.findById(accountId).isEmpty()) {
            throw new DomainException.NotFound("account not found");
          }
          removeAll(accountId);
          for (StoredRecoveryCode c : copy) {
            codes.put(new Key(accountId, c.codeId()), c);
          }
        });
  }

  @Override
  public Optional<StoredRecoveryCode> find(UUID accountId, String codeId) {
    return transactions.inTransaction(
        () -> Optional.ofNullable(codes.get(new Key(accountId, codeId))));
  }

  @Override
  public boolean markUsed(UUID accountId, String codeId, Instant at) {
    Objects.requireNonNull(at, "at");
    return transactions.inTransaction(
        () -> {
          Key key = new Key(accountId, codeId);
          StoredRecoveryCode c = codes.get(key);
          if (c == null || c.used()) {
            return false;
          }
          codes.put(
              key, new StoredRecoveryCode(c.accountId(), c.codeId(), c.hash(), c.createdAt(), at));
          return true;
        });
  }

  @Override
  public int countUnused(UUID accountId) {
    return transactions.inTransaction(
        () ->
            (int)
                codes.values().stream()
                    .filter(c -> c.accountId().equals(accountId) && !c.used())
                    .count());
  }

  @Override
  public void deleteAll(UUID accountId) {
    transactions.run(() -> removeAll(accountId));
  }

  private void removeAll(UUID accountId) {
    codes.values().stream()
        .filter(c -> c.accountId().equals(accountId))
        .forEach(c -> codes.remove(new Key(accountId, c.codeId())));
  }
}
