package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.StoredSsoClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SSO clients in {@code sso_clients}, their redirect URIs in {@code sso_client_redirect_uris}. */
final class SqliteSsoClientStore implements SsoClientStore {

  private final SqliteDatabase db;

  SqliteSsoClientStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(StoredSsoClient client) {
    Objects.requireNonNull(client, "client");
    db.inTransaction(
        h -> {
          try {
            h.createUpdate(
                    "INSERT INTO sso_clients (client_id, service_name, secret_hash, created_at,"
                        + " updated_at) VALUES (:id, :service, :hash, :created, :updated)")
                .bind("id", client.clientId())
                .bind("service", client.client().serviceName())
                .bind("hash", client.secretHash())
                .bind("created", Columns.millis(client.client().createdAt()))
                .bind("updated", Columns.millis(client.client().updatedAt()))
                .execute();
          } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e, "sso_clients.client_id")) {
              throw new DomainException.Conflict("client already exists");
            }
            throw e;
          }
          writeUris(h, client.client());
          return null;
        });
  }

  @Override
  public void update(StoredSsoClient client) {
    Objects.requireNonNull(client, "client");
    db.inTransaction(
        h -> {
          int changed =
              h.createUpdate(
                      "UPDATE sso_clients SET service_name = :service, secret_hash = :hash,"
                          + " created_at = :created, updated_at = :updated WHERE client_id = :id")
                  .bind("id", client.clientId())
                  .bind("service", client.client().serviceName())
                  .bind("hash", client.secretHash())
                  .bind("created", Columns.millis(client.client().createdAt()))
                  .bind("updated", Columns.millis(client.client().updatedAt()))
                  .execute();
          if (changed != 1) {
            throw new DomainException.NotFound("client not found");
          }
          h.execute("DELETE FROM sso_client_redirect_uris WHERE client_id = ?", client.clientId());
          writeUris(h, client.client());
          return null;
        });
  }

  private static void writeUris(Handle h, SsoClient client) {
    List<String> uris = client.redirectUris();
    for (int i = 0; i < uris.size(); i++) {
      h.execute(
          "INSERT INTO sso_client_redirect_uris (client_id, position, uri) VALUES (?, ?, ?)",
          client.clientId(),
          i,
          uris.get(i));
    }
  }

  @Override
  public Optional<StoredSsoClient> find(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return db.inTransaction(h -> read(h, clientId).stream().findFirst());
  }

  @Override
  public List<StoredSsoClient> list() {
    return db.inTransaction(h -> read(h, null));
  }

  @Override
  public boolean delete(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return db.withHandle(h -> h.execute("DELETE FROM sso_clients WHERE client_id = ?", clientId))
        == 1;
  }

  private record Row(String id, String service, byte[] hash, long created, long updated) {}

  /** One client by id, or every client ordered by id when {@code clientId} is null. */
  private static List<StoredSsoClient> read(Handle h, String clientId) {
    String where = clientId == null ? "" : " WHERE client_id = :id";
    var query =
        h.createQuery(
            "SELECT client_id, service_name, secret_hash, created_at, updated_at FROM sso_clients"
                + where
                + " ORDER BY client_id");
    if (clientId != null) {
      query.bind("id", clientId);
    }
    List<Row> rows =
        query
            .map(
                (rs, ctx) ->
                    new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBytes(3),
                        rs.getLong(4),
                        rs.getLong(5)))
            .list();
    Map<String, List<String>> uris = new LinkedHashMap<>();
    var uriQuery =
        h.createQuery(
            "SELECT client_id, uri FROM sso_client_redirect_uris"
                + (clientId == null ? "" : " WHERE client_id = :id")
                + " ORDER BY client_id, position");
    if (clientId != null) {
      uriQuery.bind("id", clientId);
    }
    uriQuery
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> uris.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    List<StoredSsoClient> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new StoredSsoClient(
              new SsoClient(
                  r.id(),
                  r.service(),
                  uris.getOrDefault(r.id(), List.of()),
                  java.time.Instant.ofEpochMilli(r.created()),
                  java.time.Instant.ofEpochMilli(r.updated())),
              r.hash()));
    }
    return out;
  }
}
