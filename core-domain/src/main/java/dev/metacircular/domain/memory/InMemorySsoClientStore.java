package dev.metacircular.domain.memory;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.StoredSsoClient;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** SSO clients kept in memory. Thread-safe; takes part in the units of work of its transactions. */
public final class InMemorySsoClientStore implements SsoClientStore {

  private final InMemoryTransactions transactions;
  private final JournaledMap<String, StoredSsoClient> byId;

  public InMemorySsoClientStore(InMemoryTransactions transactions) {
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.byId = new JournaledMap<>(new TreeMap<>(), transactions);
  }

  @Override
  public void insert(StoredSsoClient client) {
    Objects.requireNonNull(client, "client");
    transactions.run(
        () -> {
          if (byId.containsKey(client.clientId())) {
            throw new DomainException.Conflict("client already exists");
          }
          byId.put(client.clientId(), client);
        });
  }

  @Override
  public void update(StoredSsoClient client) {
    Objects.requireNonNull(client, "client");
    transactions.run(
        () -> {
          if (!byId.containsKey(client.clientId())) {
            throw new DomainException.NotFound("client not found");
          }
          byId.put(client.clientId(), client);
        });
  }

  @Override
  public Optional<StoredSsoClient> find(String clientId) {
    return transactions.inTransaction(() -> Optional.ofNullable(byId.get(clientId)));
  }

  @Override
  public List<StoredSsoClient> list() {
    return transactions.inTransaction(
        () ->
            byId.values().stream()
                .sorted(Comparator.comparing(StoredSsoClient::clientId))
                .toList());
  }

  @Override
  public boolean delete(String clientId) {
    return transactions.inTransaction(() -> byId.remove(clientId));
  }
}
