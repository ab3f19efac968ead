package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.AuthorizationCodeStore;
import dev.metacircular.ports.identity.out.LoginSourceStore;
import dev.metacircular.ports.identity.out.PasskeyStore;
import dev.metacircular.ports.identity.out.RecoveryCodeStore;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import dev.metacircular.ports.storage.out.SettingsStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.file.Path;

/**
 * The identity service's storage in one SQLite file: accounts, tokens, audit log, login policy
 * rules, settings, SSO clients and codes, passkeys, login sources and recovery codes, all in one
 * database so that {@link #transactions()} covers writes made through any of them.
 *
 * <p>Every store shares one connection (WAL, {@code synchronous=FULL}, foreign keys on), so an
 * acknowledged write survives {@code kill -9} and power loss. The file and its WAL files are mode
 * 0600. Thread-safe: calls from several threads are serialised; a unit of work holds the database
 * for its whole duration.
 *
 * <p>The offline maintenance tool uses {@link #openWithoutMigrating} for {@code schema verify} and
 * {@code schema force}, {@link #migrate} for {@code schema migrate}, and {@link #snapshot} for
 * backups.
 */
public final class SqliteIdentityStorage extends SqliteServiceFile {

  private final SqliteAccountStore accounts;
  private final SqliteTokenStore tokens;
  private final SqliteAuditLog audit;
  private final SqlitePolicyRuleStore policyRules;
  private final SqliteSettingsStore settings;
  private final SqliteTransactions transactions;
  private final SqliteSsoClientStore ssoClients;
  private final SqliteAuthorizationCodeStore authorizationCodes;
  private final SqlitePasskeyStore passkeys;
  private final SqliteLoginSourceStore loginSources;
  private final SqliteRecoveryCodeStore recoveryCodes;

  private SqliteIdentityStorage(SqliteDatabase db) {
    super(db, SchemaMigrations.IDENTITY);
    this.accounts = new SqliteAccountStore(db);
    this.tokens = new SqliteTokenStore(db);
    this.audit = new SqliteAuditLog(db);
    this.policyRules = new SqlitePolicyRuleStore(db);
    this.settings = new SqliteSettingsStore(db);
    this.transactions = new SqliteTransactions(db);
    this.ssoClients = new SqliteSsoClientStore(db);
    this.authorizationCodes = new SqliteAuthorizationCodeStore(db);
    this.passkeys = new SqlitePasskeyStore(db);
    this.loginSources = new SqliteLoginSourceStore(db);
    this.recoveryCodes = new SqliteRecoveryCodeStore(db);
  }

  /**
   * Opens the database, creating it (mode 0600, parent directories 0700) when it does not exist,
   * and applies pending migrations.
   *
   * @throws IllegalStateException when the schema is dirty or newer than this release, or a
   *     migration fails; the message says which {@code schema} command to run
   */
  public static SqliteIdentityStorage open(Path dbFile) {
    SqliteIdentityStorage storage = new SqliteIdentityStorage(SqliteDatabase.open(dbFile, true));
    try {
      storage.migrate();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  /**
   * Opens an existing database as it is, for inspecting or repairing its schema. Creates nothing.
   *
   * @throws IllegalArgumentException when there is no file at {@code dbFile}
   */
  public static SqliteIdentityStorage openWithoutMigrating(Path dbFile) {
    SqliteIdentityStorage storage = new SqliteIdentityStorage(SqliteDatabase.open(dbFile, false));
    try {
      storage.requireIdentityDatabase();
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    return storage;
  }

  /** A file with a schema must have the identity service's tables (not another service's file). */
  private void requireIdentityDatabase() {
    if (schemaStatus().currentVersion() == 0) {
      return;
    }
    boolean hasAccounts =
        db.withHandle(
            h ->
                h.createQuery(
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'accounts'")
                        .mapTo(Integer.class)
                        .one()
                    == 1);
    if (!hasAccounts) {
      throw new IllegalStateException(
          "database "
              + db.file()
              + " is not an identity service database: it has no accounts table. Check the path:"
              + " is it another service's database?");
    }
  }

  public AccountStore accounts() {
    return accounts;
  }

  public TokenStore tokens() {
    return tokens;
  }

  public AuditLog audit() {
    return audit;
  }

  public PolicyRuleStore policyRules() {
    return policyRules;
  }

  public SettingsStore settings() {
    return settings;
  }

  public Transactions transactions() {
    return transactions;
  }

  public SsoClientStore ssoClients() {
    return ssoClients;
  }

  public AuthorizationCodeStore authorizationCodes() {
    return authorizationCodes;
  }

  public PasskeyStore passkeys() {
    return passkeys;
  }

  public LoginSourceStore loginSources() {
    return loginSources;
  }

  public RecoveryCodeStore recoveryCodes() {
    return recoveryCodes;
  }
}
