package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.contract.StorageFixture;
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

/** A fresh identity database in {@code directory}, for the port contracts. */
final class SqliteStorageFixture implements StorageFixture {

  private final SqliteIdentityStorage storage;

  private SqliteStorageFixture(SqliteIdentityStorage storage) {
    this.storage = storage;
  }

  static SqliteStorageFixture in(Path directory) {
    return new SqliteStorageFixture(SqliteIdentityStorage.open(directory.resolve("identity.db")));
  }

  @Override
  public AccountStore accounts() {
    return storage.accounts();
  }

  @Override
  public TokenStore tokens() {
    return storage.tokens();
  }

  @Override
  public AuditLog audit() {
    return storage.audit();
  }

  @Override
  public PolicyRuleStore policyRules() {
    return storage.policyRules();
  }

  @Override
  public SettingsStore settings() {
    return storage.settings();
  }

  @Override
  public Transactions transactions() {
    return storage.transactions();
  }

  @Override
  public SsoClientStore ssoClients() {
    return storage.ssoClients();
  }

  @Override
  public AuthorizationCodeStore authorizationCodes() {
    return storage.authorizationCodes();
  }

  @Override
  public LoginSourceStore loginSources() {
    return storage.loginSources();
  }

  @Override
  public PasskeyStore passkeys() {
    return storage.passkeys();
  }

  @Override
  public RecoveryCodeStore recoveryCodes() {
    return storage.recoveryCodes();
  }

  @Override
  public void close() {
    storage.close();
  }
}
