package dev.metacircular.sqlite;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.Usernames;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * Accounts in {@code accounts}, their roles in {@code account_roles}. {@link #findById} is on the
 * token-validation hot path (the account must still be active): like {@code SqliteTokenStore.find}
 * it runs through a statement kept prepared (see {@link SqliteDatabase#queryOne}) and caches
 * nothing, so a status change by this process or another one is seen by the next call.
 */
final class SqliteAccountStore implements AccountStore {

  /**
   * One statement reads an account with its roles, so the two are always consistent with each
   * other. Roles are constrained to their wire names (no commas), so a comma-joined list is safe.
   * {@link #read} reads the columns by index, in this order.
   */
  private static final String SELECT =
      "SELECT a.id, a.username, a.account_type, a.status, a.password_hash, a.totp_secret_sealed,"
          + " a.totp_confirmed, a.totp_last_step, a.failed_logins, a.locked_until, a.created_at,"
          + " a.updated_at,"
          + " (SELECT group_concat(r.role, ',') FROM account_roles r WHERE r.account_id = a.id)"
          + " AS roles"
          + " FROM accounts a";

  private static final String FIND_BY_ID = SELECT + " WHERE a.id = ?";
  private static final String FIND_BY_USERNAME = SELECT + " WHERE a.username = ?";

  private static final String USERNAME_COLUMN = "accounts.username";
  private static final String ID_COLUMN = "accounts.id";

  private final SqliteDatabase db;

  SqliteAccountStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void insert(StoredAccount account) {
    Objects.requireNonNull(account, "account");
    db.inTransaction(
        h -> {
          refuseClash(h, account);
          try {
            bindFields(
                    h.createUpdate(
                        "INSERT INTO accounts (id, username, account_type, status, password_hash,"
                            + " totp_secret_sealed, totp_confirmed, totp_last_step, failed_logins,"
                            + " locked_until, created_at, updated_at)"
                            + " VALUES (:id, :username, :type, :status, :passwordHash,"
                            + " :totpSecretSealed, :totpConfirmed, :totpLastStep, :failedLogins,"
                            + " :lockedUntil, :createdAt, :updatedAt)"),
                    account)
                .execute();
          } catch (UnableToExecuteStatementException e) {
            throw refusal(e);
          }
          insertRoles(h, account);
          return null;
        });
  }

  @Override
  public void update(StoredAccount account) {
    Objects.requireNonNull(account, "account");
    db.inTransaction(
        h -> {
          if (renames(h, account)) {
            refuseClash(h, account);
          }
          int changed;
          try {
            changed =
                bindFields(
                        h.createUpdate(
                            "UPDATE accounts SET username = :username, account_type = :type,"
                                + " status = :status, password_hash = :passwordHash,"
                                + " totp_secret_sealed = :totpSecretSealed,"
                                + " totp_confirmed = :totpConfirmed,"
                                + " totp_last_step = :totpLastStep,"
                                + " failed_logins = :failedLogins, locked_until = :lockedUntil,"
                                + " created_at = :createdAt, updated_at = :updatedAt"
                                + " WHERE id = :id"),
                        account)
                    .execute();
          } catch (UnableToExecuteStatementException e) {
            throw refusal(e);
          }
          if (changed == 0) {
            throw new DomainException.NotFound("account not found");
          }
          h.execute("DELETE FROM account_roles WHERE account_id = ?", account.id().toString());
          insertRoles(h, account);
          return null;
        });
  }

  /**
   * Whether the update changes the stored username. Only a new name is checked for a clash (as in
   * the in-memory store): two accounts that already differ only in case, from a database made
   * before the rule, must stay updatable (a login records its failures through here).
   */
  private static boolean renames(Handle h, StoredAccount account) {
    return h.createQuery("SELECT username FROM accounts WHERE id = :id")
        .bind("id", account.id().toString())
        .mapTo(String.class)
        .findOne()
        .map(stored -> !stored.equals(account.username()))
        .orElse(true);
  }

  /**
   * Conflict when another account has this username ignoring case. Run inside the write transaction
   * (BEGIN IMMEDIATE holds the write lock), so no concurrent insert slips between the check and the
   * write. NOCASE folds ASCII only, which is all a valid username holds.
   */
  private static void refuseClash(Handle h, StoredAccount account) {
    h.createQuery(
            "SELECT username FROM accounts WHERE username = :username COLLATE NOCASE"
                + " AND id <> :id LIMIT 1")
        .bind("username", account.username())
        .bind("id", account.id().toString())
        .mapTo(String.class)
        .findOne()
        .ifPresent(
            existing -> {
              throw Usernames.taken(account.username(), existing);
            });
  }

  @Override
  public Optional<StoredAccount> findById(UUID id) {
    Objects.requireNonNull(id, "id");
    String key = id.toString();
    return db.queryOne(FIND_BY_ID, s -> s.setString(1, key), SqliteAccountStore::read);
  }

  @Override
  public Optional<StoredAccount> findByUsername(String username) {
    Objects.requireNonNull(username, "username");
    return db.queryOne(FIND_BY_USERNAME, s -> s.setString(1, username), SqliteAccountStore::read);
  }

  @Override
  public List<StoredAccount> list() {
    return db.withHandle(
        h -> h.createQuery(SELECT + " ORDER BY a.username").map((rs, ctx) -> read(rs)).list());
  }

  private static Update bindFields(Update update, StoredAccount a) {
    return update
        .bind("id", a.id().toString())
        .bind("username", a.username())
        .bind("type", a.type().wireName())
        .bind("status", a.status().wireName())
        .bind("passwordHash", a.passwordHash())
        // The record hands out its own array; binding copies it into SQLite.
        .bind("totpSecretSealed", a.totpSecretSealed())
        .bind("totpConfirmed", a.totpConfirmed() ? 1 : 0)
        .bind("totpLastStep", a.totpLastStep())
        .bind("failedLogins", a.failedLogins())
        .bind("lockedUntil", Columns.millis(a.lockedUntil()))
        .bind("createdAt", Columns.millis(a.createdAt()))
        .bind("updatedAt", Columns.millis(a.updatedAt()));
  }

  private static void insertRoles(Handle h, StoredAccount a) {
    for (Role role : a.roles()) {
      h.execute(
          "INSERT INTO account_roles (account_id, role) VALUES (?, ?)",
          a.id().toString(),
          role.wireName());
    }
  }

  private static RuntimeException refusal(UnableToExecuteStatementException e) {
    if (Constraints.isUniqueViolation(e, USERNAME_COLUMN)) {
      return new DomainException.Conflict("username already exists");
    }
    if (Constraints.isUniqueViolation(e, ID_COLUMN)) {
      return new DomainException.Conflict("account id already exists");
    }
    return e;
  }

  /** A row of {@link #SELECT}, by index. */
  private static StoredAccount read(ResultSet rs) throws SQLException {
    return new StoredAccount(
        UUID.fromString(rs.getString(1)),
        rs.getString(2),
        AccountType.fromWire(rs.getString(3)),
        AccountStatus.fromWire(rs.getString(4)),
        roles(rs.getString(13)),
        rs.getString(5),
        rs.getBytes(6),
        rs.getInt(7) != 0,
        rs.getLong(8),
        rs.getInt(9),
        SqliteDatabase.instant(rs, 10),
        SqliteDatabase.requiredInstant(rs, 11),
        SqliteDatabase.requiredInstant(rs, 12));
  }

  private static Set<Role> roles(String joined) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (joined != null && !joined.isEmpty()) {
      for (String wire : joined.split(",")) {
        roles.add(Role.fromWire(wire));
      }
    }
    return roles;
  }
}
