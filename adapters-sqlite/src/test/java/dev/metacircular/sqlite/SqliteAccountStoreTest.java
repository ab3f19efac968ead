package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.contract.AccountStoreContract;
import dev.metacircular.ports.contract.StorageFixture;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AccountStore contract against a fresh SQLite file per test. */
class SqliteAccountStoreTest extends AccountStoreContract {

  @TempDir Path directory;

  @Override
  protected StorageFixture newFixture() {
    return SqliteStorageFixture.in(directory);
  }

  @Test
  void accountsThatAlreadyDifferOnlyInCaseStayUpdatable() throws SQLException {
    StoredAccount alice = account("alice");
    StoredAccount bob = account("bob");
    fixture().accounts().insert(alice);
    fixture().accounts().insert(bob);
    // A database from before usernames were unique ignoring case: "Alice" beside "alice".
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("identity.db"));
        PreparedStatement rename =
            c.prepareStatement("UPDATE accounts SET username = ? WHERE id = ?")) {
      rename.setString(1, "Alice");
      rename.setString(2, bob.id().toString());
      assertThat(rename.executeUpdate()).isEqualTo(1);
    }

    // Both keep working (a login's failure count, a status change), their names unchanged.
    fixture().accounts().update(withStatus(rename(bob, "Alice"), AccountStatus.INACTIVE));
    fixture().accounts().update(withStatus(alice, AccountStatus.INACTIVE));
    assertThat(fixture().accounts().findByUsername("Alice").orElseThrow().status())
        .isEqualTo(AccountStatus.INACTIVE);
    assertThat(fixture().accounts().findByUsername("alice").orElseThrow().status())
        .isEqualTo(AccountStatus.INACTIVE);
  }

  private static StoredAccount rename(StoredAccount a, String username) {
    return new StoredAccount(
        a.id(),
        username,
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }

  private static StoredAccount withStatus(StoredAccount a, AccountStatus status) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        status,
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }
}
