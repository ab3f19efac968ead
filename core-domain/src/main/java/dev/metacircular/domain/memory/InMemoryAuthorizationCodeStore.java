package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.AuthorizationCodeStore;
import dev.metacircular.ports.identity.out.StoredAuthorizationCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorization codes kept in memory. Thread-safe; takes part in the units of work of its
 * transactions.
 */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore {

  private final InMemoryTransactions transactions;
  private final JournaledMap<String, StoredAuthorizationCode> byHash;

  public InMemoryAuthorizationCodeStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byHash = new JournaledMap<>(new HashMap<>(), transactions);
  }

  @Override
  public void insert(StoredAuthorizationCode code) {
    Objects.requireNonNull(code, "code");
    transactions.run(
        () -> {
          if (byHash.containsKey(code.codeHash())) {
            throw new DomainException.Conflict("authorization code already exists");
          }
          byHash.put(code.codeHash(), code);
        });
  }

  @Override
  public Optional<StoredAuthorizationCode> find(String codeHash) {
    return transactions.inTransaction(() -> Optional.ofNullable(byHash.get(codeHash)));
  }

  @Override
  public boolean markUsed(String codeHash, Instant at, String issuedJti) {
    Objects.requireNonNull(at, "at");
    return transactions.inTransaction(
        () -> {
          StoredAuthorizationCode c = byHash.get(codeHash);
          if (c == null || c.used()) {
            return false;
          }
          byHash.put(
              codeHash,
              new StoredAuthorizationCode(
                  c.codeHash(),
                  c.clientId(),
                  c.redirectUri(),
                  c.accountId(),
                  c.codeChallenge(),
                  c.issuedAt(),
                  c.expiresAt(),
                  at,
                  issuedJti));
          return true;
        });
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return transactions.inTransaction(
        () -> {
          List<String> expired =
              byHash.values().stream()
                  .filter(c -> c.expiresAt().isBefore(now))
                  .map(StoredAuthorizationCode::codeHash)
                  .toList();
          expired.forEach(byHash::remove);
          return expired.size();
        });
  }
}
