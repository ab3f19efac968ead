package dev.metacircular.domain.memory;

/**
 * One in-memory database: every storage port over shared {@link InMemoryTransactions}, so a unit of
 * work spans all of them. For tests and for embedding the core without a database file.
 */
public final class InMemoryStorage {

  private final InMemoryTransactions transactions = new InMemoryTransactions();
  private final InMemoryAccountStore accounts = new InMemoryAccountStore(transactions);
  private final InMemoryTokenStore tokens = new InMemoryTokenStore(transactions);
  private final InMemoryAuditLog audit = new InMemoryAuditLog(transactions);
  private final InMemoryPolicyRuleStore policyRules = new InMemoryPolicyRuleStore(transactions);
  private final InMemorySettingsStore settings = new InMemorySettingsStore(transactions);
  private final InMemorySsoClientStore ssoClients = new InMemorySsoClientStore(transactions);
  private final InMemoryAuthorizationCodeStore authorizationCodes =
      new InMemoryAuthorizationCodeStore(transactions);
  private final InMemoryPasskeyStore passkeys = new InMemoryPasskeyStore(transactions);
  private final InMemoryLoginSourceStore loginSources =
      new InMemoryLoginSourceStore(transactions, accounts);
  private final InMemoryRecoveryCodeStore recoveryCodes =
      new InMemoryRecoveryCodeStore(transactions, accounts);

  private InMemoryStorage() {}

  /** A new, empty database. */
  public static InMemoryStorage create() {
    return new InMemoryStorage();
  }

  public InMemoryAccountStore accounts() {
    return accounts;
  }

  public InMemoryTokenStore tokens() {
    return tokens;
  }

  public InMemoryAuditLog audit() {
    return audit;
  }

  public InMemoryPolicyRuleStore policyRules() {
    return policyRules;
  }

  public InMemorySettingsStore settings() {
    return settings;
  }

  public InMemorySsoClientStore ssoClients() {
    return ssoClients;
  }

  public InMemoryAuthorizationCodeStore authorizationCodes() {
    return authorizationCodes;
  }

  public InMemoryPasskeyStore passkeys() {
    return passkeys;
  }

  public InMemoryLoginSourceStore loginSources() {
    return loginSources;
  }

  public InMemoryRecoveryCodeStore recoveryCodes() {
    return recoveryCodes;
  }

  public InMemoryTransactions transactions() {
    return transactions;
  }
}
