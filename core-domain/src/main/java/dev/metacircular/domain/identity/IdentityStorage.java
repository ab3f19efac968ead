package dev.metacircular.domain.identity;

import dev.metacircular.domain.memory.InMemoryStorage;
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
import java.util.Objects;

/**
 * The outbound ports the identity core needs, all over one database: {@code transactions} must make
 * writes through every one of the stores commit or roll back together.
 */
public record IdentityStorage(
    AccountStore accounts,
    TokenStore tokens,
    AuditLog audit,
    PolicyRuleStore policyRules,
    SettingsStore settings,
    Transactions transactions,
    SsoClientStore ssoClients,
    AuthorizationCodeStore authorizationCodes,
    PasskeyStore passkeys,
    LoginSourceStore loginSources,
    RecoveryCodeStore recoveryCodes) {

  public IdentityStorage {
    Objects.requireNonNull(ssoClients, "ssoClients");
    Objects.requireNonNull(authorizationCodes, "authorizationCodes");
    Objects.requireNonNull(passkeys, "passkeys");
    Objects.requireNonNull(loginSources, "loginSources");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(policyRules, "policyRules");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(transactions, "transactions");
  }

  /** A fresh in-memory database, for tests and for embedding the core without a file. */
  public static IdentityStorage inMemory() {
    InMemoryStorage db = InMemoryStorage.create();
    return new IdentityStorage(
        db.accounts(),
        db.tokens(),
        db.audit(),
        db.policyRules(),
        db.settings(),
        db.transactions(),
        db.ssoClients(),
        db.authorizationCodes(),
        db.passkeys(),
        db.loginSources(),
        db.recoveryCodes());
  }

  /** The same stores with {@code log} as the audit log (the core's reporting one). */
  IdentityStorage withAudit(AuditLog log) {
    return new IdentityStorage(
        accounts,
        tokens,
        log,
        policyRules,
        settings,
        transactions,
        ssoClients,
        authorizationCodes,
        passkeys,
        loginSources,
        recoveryCodes);
  }
}
