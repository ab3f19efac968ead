package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.out.AuthorizationCodeStore;
import dev.metacircular.ports.identity.out.StoredAuthorizationCode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Authorization codes in {@code sso_authorization_codes}, by the hex SHA-256 of the code. */
final class SqliteAuthorizationCodeStore implements AuthorizationCodeStore {

  private static final String COLUMNS =
      "code_hash, client_id, redirect_uri, account_id, code_challenge, issued_at, expires_at,"
          + " used_at, issued_jti";

  private final SqliteDatabase db;

  SqliteAuthorizationCodeStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(StoredAuthorizationCode code) {
    Objects.requireNonNull(code, "code");
    db.withHandle(
        h -> {
          try {
            return h.createUpdate(
                    "INSERT INTO sso_authorization_codes ("
                        + COLUMNS
                        + ") VALUES (:hash,"
                        + " :client, :redirect, :account, :challenge, :issued, :expires, :used,"
                        + " :jti)")
                .bind("hash", code.codeHash())
                .bind("client", code.clientId())
                .bind("redirect", code.redirectUri())
                .bind("account", code.accountId().toString())
                .bind("challenge", code.codeChallenge())
                .bind("issued", Columns.millis(code.issuedAt()))
                .bind("expires", Columns.millis(code.expiresAt()))
                .bind("used", Columns.millis(code.usedAt()))
                .bind("jti", code.issuedJti())
                .execute();
          } catch (UnableToExecuteStatementException e) {
            if (Constraints.isUniqueViolation(e, "sso_authorization_codes.code_hash")) {
              throw new DomainException.Conflict("authorization code already exists");
            }
            if (Constraints.isForeignKeyViolation(e)) {
              throw new DomainException.NotFound("client or account not found");
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<StoredAuthorizationCode> find(String codeHash) {
    Objects.requireNonNull(codeHash, "codeHash");
    return db.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM sso_authorization_codes"
                        + " WHERE code_hash = :hash")
                .bind("hash", codeHash)
                .map((rs, ctx) -> read(rs))
                .findOne());
  }

  @Override
  public boolean markUsed(String codeHash, Instant at, String issuedJti) {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(at, "at");
    // One conditional UPDATE: of two concurrent exchanges exactly one changes the row.
    return db.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE sso_authorization_codes SET used_at = :at,"
                            + " issued_jti = :jti WHERE code_hash = :hash AND used_at IS NULL")
                    .bind("at", Columns.millis(at))
                    .bind("jti", issuedJti)
                    .bind("hash", codeHash)
                    .execute())
        == 1;
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return db.withHandle(
        h ->
            h.execute(
                "DELETE FROM sso_authorization_codes WHERE expires_at < ?", Columns.millis(now)));
  }

  private static StoredAuthorizationCode read(ResultSet rs) throws SQLException {
    return new StoredAuthorizationCode(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        UUID.fromString(rs.getString(4)),
        rs.getString(5),
        SqliteDatabase.requiredInstant(rs, 6),
        SqliteDatabase.requiredInstant(rs, 7),
        SqliteDatabase.instant(rs, 8),
        rs.getString(9));
  }
}
