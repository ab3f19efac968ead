package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Usernames;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Accounts kept in memory. Thread-safe; takes part in the units of work of its transactions. */
public final class InMemoryAccountStore implements AccountStore {

  private final InMemoryTransactions transactions;
  private final JournaledMap<UUID, StoredAccount> byId;
  // Sorted, so that list() comes out ordered by username.
  private final JournaledMap<String, UUID> idByUsername;

  /** A store with a database of its own. */
  public InMemoryAccountStore() {
    this(new InMemoryTransactions());
  }

  /** A store in the database of {@code transactions}. */
  public InMemoryAccountStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byId = new JournaledMap<>(new HashMap<>(), transactions);
    this.idByUsername = new JournaledMap<>(new TreeMap<>(), transactions);
  }

  @Override
  public void insert(StoredAccount account) {
    Objects.requireNonNull(account, "account");
    transactions.run(
        () -> {
          refuseClash(account);
          if (byId.containsKey(account.id())) {
            throw new DomainException.Conflict("account id already exists");
          }
          byId.put(account.id(), copy(account));
          idByUsername.put(account.username(), account.id());
        });
  }

  @Override
  public void update(StoredAccount account) {
    Objects.requireNonNull(account, "account");
    transactions.run(
        () -> {
          StoredAccount current = byId.get(account.id());
          if (current == null) {
            throw new DomainException.NotFound("account not found");
          }
          if (!current.username().equals(account.username())) {
            refuseClash(account);
            idByUsername.remove(current.username());
            idByUsername.put(account.username(), account.id());
          }
          byId.put(account.id(), copy(account));
        });
  }

  /** Conflict when another account has this username ignoring case (as the SQLite store). */
  private void refuseClash(StoredAccount account) {
    for (StoredAccount other : byId.values()) {
      if (!other.id().equals(account.id())
          && Usernames.clash(other.username(), account.username())) {
        throw Usernames.taken(account.username(), other.username());
      }
    }
  }

  @Override
  public Optional<StoredAccount> findById(UUID id) {
    return transactions.inTransaction(
        () -> Optional.ofNullable(byId.get(id)).map(InMemoryAccountStore::copy));
  }

  @Override
  public Optional<StoredAccount> findByUsername(String username) {
    return transactions.inTransaction(
        () ->
            Optional.ofNullable(idByUsername.get(username))
                .map(byId::get)
                .map(InMemoryAccountStore::copy));
  }

  @Override
  public List<StoredAccount> list() {
    return transactions.inTransaction(
        () ->
            idByUsername.values().stream().map(byId::get).map(InMemoryAccountStore::copy).toList());
  }

  // The sealed TOTP secret is the only mutable part of an account: keep it out of callers' reach.
  private static StoredAccount copy(StoredAccount a) {
    byte[] secret = a.totpSecretSealed();
    if (secret == null) {
      return a;
    }
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        secret.clone(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }
}
