package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.RecoveryCodeStore;
import dev.metacircular.ports.identity.out.StoredRecoveryCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Recovery codes in {@code recovery_codes}, keyed by account and code id. */
final class SqliteRecoveryCodeStore implements RecoveryCodeStore {

  private static final String COLUMNS = "account_id, code_id, hash, created_at, used_at";

  private final SqliteDatabase db;

  SqliteRecoveryCodeStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void replace(UUID accountId, List<StoredRecoveryCode> codes) {
    Objects.requireNonNull(accountId, "accountId");
    List<StoredRecoveryCode> copy = List.copyOf(codes);
    for (StoredRecoveryCode c : copy) {
      if (!c.accountId().equals(accountId)) {
        throw new IllegalArgumentException("a code of another account");
      }
    }
    db.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM recovery_codes WHERE account_id = :account")
              .bind("account", accountId.toString())
              .execute();
          for (StoredRecoveryCode c : copy) {
            try {
              h.createUpdate(
                      "INSERT INTO recovery_codes ("
                          + COLUMNS
                          + ") VALUES (:account,"
                          + " :id, :hash, :created, :used)")
                  .bind("account", accountId.toString())
                  .bind("id", c.codeId())
                  .bind("hash", c.hash())
                  .bind("created", Columns.millis(c.createdAt()))
                  .bind("used", Columns.millis(c.usedAt()))
                  .execute();
            } catch (UnableToExecuteStatementException e) {
              if (Constraints.isForeignKeyViolation(e)) {
                throw new DomainException.NotFound("account not found");
              }
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public Optional<StoredRecoveryCode> find(UUID accountId, String codeId) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeId, "codeId");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM recovery_codes"
                        + " WHERE account_id = :account AND code_id = :id")
                .bind("account", accountId.toString())
                .bind("id", codeId)
                .map((rs, ctx) -> read(rs))
                .findOne());
  }

  @Override
  public boolean markUsed(UUID accountId, String codeId, Instant at) {
    Objects.requireNonNull(at, "at");
    // The WHERE used_at IS NULL makes two concurrent uses of one code succeed once.
    return db.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE recovery_codes SET used_at = :at"
                            + " WHERE account_id = :account AND code_id = :id AND used_at IS NULL")
                    .bind("at", Columns.millis(at))
                    .bind("account", accountId.toString())
                    .bind("id", codeId)
                    .execute())
        == 1;
  }

  @Override
  public int countUnused(UUID accountId) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM recovery_codes"
                        + " WHERE account_id = :account AND used_at IS NULL")
                .bind("account", accountId.toString())
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public void deleteAll(UUID accountId) {
    db.withHandle(
        h ->
            h.createUpdate("DELETE FROM recovery_codes WHERE account_id = :account")
                .bind("account", accountId.toString())
                .execute());
  }

  private static StoredRecoveryCode read(ResultSet rs) throws SQLException {
    return new StoredRecoveryCode(
        UUID.fromString(rs.getString(1)),
        rs.getString(2),
        rs.getString(3),
        SqliteDatabase.requiredInstant(rs, 4),
        SqliteDatabase.instant(rs, 5));
  }
}
