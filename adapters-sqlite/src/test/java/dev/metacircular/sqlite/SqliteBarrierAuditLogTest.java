package dev.metacircular.sqlite;

import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.contract.AuditLogContract;
import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import dev.metacircular.ports.storage.out.SettingsStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AuditLog contract against the crypto database's audit log: the same implementation as the
 * identity database's, so this proves the crypto schema's audit tables match what it needs.
 */
class SqliteBarrierAuditLogTest extends AuditLogContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return new CryptoDatabaseFixture(SqliteCryptoStorage.open(directory.resolve("crypto.db")));
  }

  /** The crypto database has an audit log and none of the identity service's stores. */
  private record CryptoDatabaseFixture(SqliteCryptoStorage storage) implements StorageFixture {

    @Override
    public AuditLog audit() {
      return storage.audit();
    }

    @Override
    public AccountStore accounts() {
      throw notInTheCryptoDatabase();
    }

    @Override
    public TokenStore tokens() {
      throw notInTheCryptoDatabase();
    }

    @Override
    public PolicyRuleStore policyRules() {
      throw notInTheCryptoDatabase();
    }

    @Override
    public SettingsStore settings() {
      throw notInTheCryptoDatabase();
    }

    @Override
    public Transactions transactions() {
      throw notInTheCryptoDatabase();
    }

    @Override
    public void close() {
      storage.close();
    }

    private static UnsupportedOperationException notInTheCryptoDatabase() {
      return new UnsupportedOperationException("not part of the crypto database");
    }
  }
}
