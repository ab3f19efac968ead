package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.TokenStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Token records kept in memory. Thread-safe; takes part in the units of work of its transactions.
 */
public final class InMemoryTokenStore implements TokenStore {

  private static final Comparator<TokenRecord> NEWEST_FIRST =
      Comparator.comparing(TokenRecord::issuedAt).reversed().thenComparing(TokenRecord::jti);

  private final InMemoryTransactions transactions;
  private final JournaledMap<String, TokenRecord> byJti;

  /** A store with a database of its own. */
  public InMemoryTokenStore() {
    this(new InMemoryTransactions());
  }

  /** A store in the database of {@code transactions}. */
  public InMemoryTokenStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byJti = new JournaledMap<>(new HashMap<>(), transactions);
  }

  @Override
  public void insert(TokenRecord record) {
    Objects.requireNonNull(record, "record");
    transactions.run(
        () -> {
          if (byJti.containsKey(record.jti())) {
            throw new DomainException.Conflict("token id already exists");
          }
          byJti.put(record.jti(), record);
        });
  }

  @Override
  public Optional<TokenRecord> find(String jti) {
    return transactions.inTransaction(() -> Optional.ofNullable(byJti.get(jti)));
  }

  @Override
  public boolean revoke(String jti, Instant at, String reason) {
    Objects.requireNonNull(at, "at");
    return transactions.inTransaction(
        () -> {
          TokenRecord r = byJti.get(jti);
          if (r == null || r.revoked()) {
            return false;
          }
          byJti.put(jti, revoked(r, at, reason));
          return true;
        });
  }

  @Override
  public int revokeAllForAccount(UUID accountId, Instant at, String reason) {
    Objects.requireNonNull(at, "at");
    return transactions.inTransaction(
        () -> {
          List<TokenRecord> live =
              byJti.values().stream()
                  .filter(r -> r.accountId().equals(accountId) && !r.revoked())
                  .toList();
          for (TokenRecord r : live) {
            byJti.put(r.jti(), revoked(r, at, reason));
          }
          return live.size();
        });
  }

  @Override
  public List<TokenRecord> listForAccount(UUID accountId) {
    return transactions.inTransaction(
        () ->
            byJti.values().stream()
                .filter(r -> r.accountId().equals(accountId))
                .sorted(NEWEST_FIRST)
                .toList());
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return transactions.inTransaction(
        () -> {
          List<String> expired =
              byJti.values().stream()
                  .filter(r -> r.expiresAt().isBefore(now))
                  .map(TokenRecord::jti)
                  .toList();
          expired.forEach(byJti::remove);
          return expired.size();
        });
  }

  private static TokenRecord revoked(TokenRecord r, Instant at, String reason) {
    return r.asRevoked(at, reason);
  }
}
