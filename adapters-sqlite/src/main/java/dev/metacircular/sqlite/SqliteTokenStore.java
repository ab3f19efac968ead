package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Token records in {@code tokens}. {@link #find} is on the token-validation hot path: one
 * primary-key lookup through a statement kept prepared on the already-open connection (see {@link
 * SqliteDatabase#queryOne}). Nothing is cached: every call reads the row as committed, so a
 * revocation by this process or by another one (the offline tool) is seen by the next call.
 */
final class SqliteTokenStore implements TokenStore {

  /** In this order: {@link #read} reads them by index. */
  private static final String COLUMNS =
      "jti, account_id, kind, issued_at, expires_at, revoked_at, revoke_reason, audience,"
          + " session_started_at, tags";

  private static final String FIND = "SELECT " + COLUMNS + " FROM tokens WHERE jti = ?";

  private final SqliteDatabase db;

  SqliteTokenStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(TokenRecord record) {
    Objects.requireNonNull(record, "record");
    db.withHandle(
        h -> {
          try {
            return h.createUpdate(
                    "INSERT INTO tokens ("
                        + COLUMNS
                        + ") VALUES (:jti, :accountId, :kind,"
                        + " :issuedAt, :expiresAt, :revokedAt, :revokeReason, :audience,"
                        + " :sessionStartedAt, :tags)")
                .bind("jti", record.jti())
                .bind("accountId", record.accountId().toString())
                .bind("kind", record.kind().name().toLowerCase(Locale.ROOT))
                .bind("issuedAt", Columns.millis(record.issuedAt()))
                .bind("expiresAt", Columns.millis(record.expiresAt()))
                .bind("revokedAt", Columns.millis(record.revokedAt()))
                .bind("revokeReason", record.revokeReason())
                .bind("audience", record.audience())
                .bind("sessionStartedAt", Columns.millis(record.sessionStartedAt()))
                .bind("tags", encodeTags(record.tags()))
                .execute();
          } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e, "tokens.jti")) {
              throw new DomainException.Conflict("token id already exists");
            }
            if (Constraints.isForeignKeyViolation(e)) {
              // The only reference of a token row is its account.
              throw new DomainException.NotFound("account not found");
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<TokenRecord> find(String jti) {
    Objects.requireNonNull(jti, "jti");
    return db.queryOne(FIND, s -> s.setString(1, jti), SqliteTokenStore::read);
  }

  @Override
  public boolean revoke(String jti, Instant at, String reason) {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(at, "at");
    return db.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE tokens SET revoked_at = :at, revoke_reason = :reason"
                            + " WHERE jti = :jti AND revoked_at IS NULL")
                    .bind("at", Columns.millis(at))
                    .bind("reason", reason == null ? "" : reason)
                    .bind("jti", jti)
                    .execute())
        == 1;
  }

  @Override
  public int revokeAllForAccount(UUID accountId, Instant at, String reason) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE tokens SET revoked_at = :at, revoke_reason = :reason"
                        + " WHERE account_id = :accountId AND revoked_at IS NULL")
                .bind("at", Columns.millis(at))
                .bind("reason", reason == null ? "" : reason)
                .bind("accountId", accountId.toString())
                .execute());
  }

  @Override
  public List<TokenRecord> listForAccount(UUID accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return db.withHandle(
        h ->
            // rowid breaks ties between tokens issued in the same millisecond: later insert first.
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM tokens WHERE account_id = :accountId"
                        + " ORDER BY issued_at DESC, rowid DESC")
                .bind("accountId", accountId.toString())
                .map((rs, ctx) -> read(rs))
                .list());
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return db.withHandle(
        h -> h.execute("DELETE FROM tokens WHERE expires_at < ?", Columns.millis(now)));
  }

  /** A row of {@link #COLUMNS}, by index. */
  private static TokenRecord read(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getString(1),
        UUID.fromString(rs.getString(2)),
        TokenRecord.Kind.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
        SqliteDatabase.requiredInstant(rs, 4),
        SqliteDatabase.requiredInstant(rs, 5),
        SqliteDatabase.instant(rs, 6),
        rs.getString(7),
        rs.getString(8),
        SqliteDatabase.instant(rs, 9),
        decodeTags(rs.getString(10)));
  }

  /**
   * Each tag preceded by a newline, with {@code \\} and newline inside a tag escaped ({@code \\\\},
   * {@code \\n}), so every list round-trips (an empty tag included); no tags is the empty string.
   */
  static String encodeTags(List<String> tags) {
    StringBuilder out = new StringBuilder();
    for (String tag : tags) {
      out.append('\n').append(tag.replace("\\", "\\\\").replace("\n", "\\n"));
    }
    return out.toString();
  }

  static List<String> decodeTags(String column) {
    List<String> tags = new ArrayList<>();
    if (column == null || column.isEmpty()) {
      return tags;
    }
    StringBuilder tag = null;
    for (int i = 0; i < column.length(); i++) {
      char c = column.charAt(i);
      if (c == '\n') {
        if (tag != null) {
          tags.add(tag.toString());
        }
        tag = new StringBuilder();
      } else if (tag == null) {
        throw new IllegalStateException("tokens.tags is not in the stored format");
      } else if (c == '\\' && i + 1 < column.length()) {
        char next = column.charAt(++i);
        tag.append(next == 'n' ? '\n' : next);
      } else {
        tag.append(c);
      }
    }
    tags.add(tag.toString());
    return tags;
  }
}
