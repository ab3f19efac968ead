package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.StoredPasskey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** WebAuthn credentials in {@code passkeys}, keyed by the raw credential id. */
final class SqlitePasskeyStore implements PasskeyStore {

  private static final String COLUMNS =
      "credential_id, account_id, public_key_cose, signature_count, name, created_at,"
          + " last_used_at";

  private final SqliteDatabase db;

  SqlitePasskeyStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(StoredPasskey p) {
    Objects.requireNonNull(p, "passkey");
    db.withHandle(
        h -> {
          try {
            return h.createUpdate(
                    "INSERT INTO passkeys ("
                        + COLUMNS
                        + ") VALUES (:id, :account,"
                        + " :key, :count, :name, :created, :used)")
                .bind("id", p.credentialId())
                .bind("account", p.accountId().toString())
                .bind("key", p.publicKeyCose())
                .bind("count", p.signatureCount())
                .bind("name", p.name())
                .bind("created", Columns.millis(p.createdAt()))
                .bind("used", Columns.millis(p.lastUsedAt()))
                .execute();
          } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e, "passkeys.credential_id")) {
              throw new DomainException.Conflict("passkey already registered");
            }
            if (Constraints.isForeignKeyViolation(e)) {
              throw new DomainException.NotFound("account not found");
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<StoredPasskey> find(byte[] credentialId) {
    Objects.requireNonNull(credentialId, "credentialId");
    return db.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM passkeys WHERE credential_id = :id")
                .bind("id", credentialId)
                .map((rs, ctx) -> read(rs))
                .findOne());
  }

  @Override
  public List<StoredPasskey> listForAccount(UUID accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM passkeys WHERE account_id = :account"
                        + " ORDER BY created_at, credential_id")
                .bind("account", accountId.toString())
                .map((rs, ctx) -> read(rs))
                .list());
  }

  @Override
  public boolean recordUse(byte[] credentialId, long signatureCount, Instant at) {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(at, "at");
    return db.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE passkeys SET signature_count = :count,"
                            + " last_used_at = :at WHERE credential_id = :id")
                    .bind("count", signatureCount)
                    .bind("at", Columns.millis(at))
                    .bind("id", credentialId)
                    .execute())
        == 1;
  }

  @Override
  public boolean delete(UUID accountId, byte[] credentialId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(credentialId, "credentialId");
    return db.withHandle(
            h ->
                h.createUpdate(
                        "DELETE FROM passkeys WHERE credential_id = :id AND account_id = :account")
                    .bind("id", credentialId)
                    .bind("account", accountId.toString())
                    .execute())
        == 1;
  }

  private static StoredPasskey read(ResultSet rs) throws SQLException {
    return new StoredPasskey(
        rs.getBytes(1),
        UUID.fromString(rs.getString(2)),
        rs.getBytes(3),
        rs.getLong(4),
        rs.getString(5),
        SqliteDatabase.requiredInstant(rs, 6),
        SqliteDatabase.instant(rs, 7));
  }
}
