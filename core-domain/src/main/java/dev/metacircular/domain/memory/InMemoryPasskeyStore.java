package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.StoredPasskey;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Passkeys kept in memory. Thread-safe; takes part in the units of work of its transactions. */
public final class InMemoryPasskeyStore implements PasskeyStore {

  private final InMemoryTransactions transactions;

  /** Keyed by the base64url credential id: byte arrays have no value equality. */
  private final JournaledMap<String, StoredPasskey> byId;

  public InMemoryPasskeyStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byId = new JournaledMap<>(new HashMap<>(), transactions);
  }

  private static String key(byte[] credentialId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(credentialId);
  }

  @Override
  public void insert(StoredPasskey passkey) {
    Objects.requireNonNull(passkey, "passkey");
    transactions.run(
        () -> {
          String key = passkey.credentialIdBase64Url();
          if (byId.containsKey(key)) {
            throw new DomainException.Conflict("passkey already registered");
          }
          byId.put(key, passkey);
        });
  }

  @Override
  public Optional<StoredPasskey> find(byte[] credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return transactions.inTransaction(() -> Optional.ofNullable(byId.get(key(credentialId))));
  }

  @Override
  public List<StoredPasskey> listForAccount(UUID accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return transactions.inTransaction(
        () ->
            byId.values().stream()
                .filter(p -> p.accountId().equals(accountId))
                .sorted(
                    Comparator.comparing(StoredPasskey::createdAt)
                        .thenComparing(StoredPasskey::credentialIdBase64Url))
                .toList());
  }

  @Override
  public boolean recordUse(byte[] credentialId, long signatureCount, Instant at) {
    Objects.requireNonNull(at, "at");
    return transactions.inTransaction(
        () -> {
          StoredPasskey p = byId.get(key(credentialId));
          if (p == null) {
            return false;
          }
          byId.put(
              p.credentialIdBase64Url(),
              new StoredPasskey(
                  p.credentialId(),
                  p.accountId(),
                  p.publicKeyCose(),
                  signatureCount,
                  p.name(),
                  p.createdAt(),
                  at));
          return true;
        });
  }

  @Override
  public boolean delete(UUID accountId, byte[] credentialId) {
    return transactions.inTransaction(
        () -> {
          StoredPasskey p = byId.get(key(credentialId));
          if (p == null || !p.accountId().equals(accountId)) {
            return false;
          }
          return byId.remove(p.credentialIdBase64Url());
        });
  }
}
