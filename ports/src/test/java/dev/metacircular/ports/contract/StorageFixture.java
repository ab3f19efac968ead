package dev.metacircular.ports.contract;

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

/**
 * The database a storage contract runs against: every store of ONE fresh, empty database, so that
 * {@link #transactions()} covers writes made through any of the others. A contract creates one
 * fixture per test and closes it afterwards.
 */
// Fixtures may need to throw anything on close (deleting a database file, stopping a server).
@SuppressWarnings("try")
public interface StorageFixture extends AutoCloseable {

  AccountStore accounts();

  TokenStore tokens();

  AuditLog audit();

  PolicyRuleStore policyRules();

  SettingsStore settings();

  Transactions transactions();

  // The stores added later are defaults, so databases without them (the crypto service's) need
  // not mention them.

  default SsoClientStore ssoClients() {
    throw new UnsupportedOperationException("no SSO clients in this database");
  }

  default AuthorizationCodeStore authorizationCodes() {
    throw new UnsupportedOperationException("no authorization codes in this database");
  }

  default PasskeyStore passkeys() {
    throw new UnsupportedOperationException("no passkeys in this database");
  }

  default LoginSourceStore loginSources() {
    throw new UnsupportedOperationException("no login sources in this database");
  }

  default RecoveryCodeStore recoveryCodes() {
    throw new UnsupportedOperationException("no recovery codes in this database");
  }
}
