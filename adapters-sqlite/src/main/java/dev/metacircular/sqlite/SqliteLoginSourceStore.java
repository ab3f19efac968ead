package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.LoginSource;
import dev.metacircular.ports.identity.out.LoginSourceStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Login failure budgets in {@code login_sources}, keyed by account and source. */
final class SqliteLoginSourceStore implements LoginSourceStore {

  private static final String COLUMNS =
      "account_id, source, last_success_at, window_start, window_failures, locked_until";

  private final SqliteDatabase db;

  SqliteLoginSourceStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<LoginSource> find(UUID accountId, String source) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(source, "source");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM login_sources"
                        + " WHERE account_id = :account AND source = :source")
                .bind("account", accountId.toString())
                .bind("source", source)
                .map((rs, ctx) -> read(rs))
                .findOne());
  }

  @Override
  public void put(LoginSource s) {
    Objects.requireNonNull(s, "source");
    db.withHandle(
        h -> {
          try {
            return h.createUpdate(
                    "INSERT OR REPLACE INTO login_sources ("
                        + COLUMNS
                        + ")"
                        + " VALUES (:account, :source, :success, :start, :failures, :locked)")
                .bind("account", s.accountId().toString())
                .bind("source", s.source())
                .bind("success", Columns.millis(s.lastSuccessAt()))
                .bind("start", Columns.millis(s.windowStart()))
                .bind("failures", s.windowFailures())
                .bind("locked", Columns.millis(s.lockedUntil()))
                .execute();
          } catch (UnableToExecuteStatementException e) {
            if (Constraints.isForeignKeyViolation(e)) {
              throw new DomainException.NotFound("account not found");
            }
            throw e;
          }
        });
  }

  @Override
  public int forgetStale(UUID accountId, Instant before) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(before, "before");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM login_sources WHERE account_id = :account"
                        + " AND source <> :unknown"
                        + " AND (last_success_at IS NULL OR last_success_at < :before)")
                .bind("account", accountId.toString())
                .bind("unknown", LoginSource.UNKNOWN_SOURCES)
                .bind("before", Columns.millis(before))
                .execute());
  }

  private static LoginSource read(ResultSet rs) throws SQLException {
    return new LoginSource(
        UUID.fromString(rs.getString(1)),
        rs.getString(2),
        SqliteDatabase.instant(rs, 3),
        SqliteDatabase.instant(rs, 4),
        rs.getInt(5),
        SqliteDatabase.instant(rs, 6));
  }
}
