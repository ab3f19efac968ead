package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token-validation lookups ({@code TokenStore.find}, {@code AccountStore.findById}) run through
 * statements kept prepared on the service's connection. They must still read the database as
 * committed at each call: a write by another process on the same file (the offline {@code mc} tool
 * opens its own connection) is seen by the very next lookup, a kept statement never pins an old
 * snapshot, and inside a unit of work they join its transaction.
 */
class HotPathLookupTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123Z");

  @TempDir Path directory;

  private SqliteIdentityStorage service;
  private StoredAccount alice;
  private TokenRecord token;

  @BeforeEach
  void open() {
    service = SqliteIdentityStorage.open(directory.resolve("identity.db"));
    alice = SqliteIdentityStorageTest.account("alice");
    service.accounts().insert(alice);
    token =
        new TokenRecord(
            UUID.randomUUID().toString(),
            alice.id(),
            TokenRecord.Kind.LOGIN,
            T0,
            T0.plus(Duration.ofHours(1)),
            null,
            "");
    service.tokens().insert(token);
  }

  @AfterEach
  void close() {
    service.close();
  }

  /** A second connection on the same file, as the offline tool opens it. */
  private SqliteIdentityStorage offline() {
    return SqliteIdentityStorage.open(directory.resolve("identity.db"));
  }

  @Test
  void aRevocationByAnotherProcessIsSeenByTheNextFind() {
    assertThat(service.tokens().find(token.jti()).orElseThrow().revoked()).isFalse();

    try (SqliteIdentityStorage tool = offline()) {
      assertThat(tool.tokens().revoke(token.jti(), T0.plusSeconds(5), "offline")).isTrue();
    }

    TokenRecord seen = service.tokens().find(token.jti()).orElseThrow();
    assertThat(seen.revoked()).isTrue();
    assertThat(seen.revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(seen.revokeReason()).isEqualTo("offline");
  }

  @Test
  void aStatusChangeByAnotherProcessIsSeenByTheNextFindById() {
    assertThat(service.accounts().findById(alice.id()).orElseThrow().status())
        .isEqualTo(AccountStatus.ACTIVE);

    try (SqliteIdentityStorage tool = offline()) {
      tool.database()
          .withHandle(
              h ->
                  h.execute(
                      "UPDATE accounts SET status = 'inactive' WHERE id = ?",
                      alice.id().toString()));
    }

    assertThat(service.accounts().findById(alice.id()).orElseThrow().status())
        .isEqualTo(AccountStatus.INACTIVE);
  }

  @Test
  void aRowDeletedByAnotherProcessIsGoneAtTheNextLookup() {
    assertThat(service.tokens().find(token.jti())).isPresent();

    try (SqliteIdentityStorage tool = offline()) {
      tool.database().withHandle(h -> h.execute("DELETE FROM tokens WHERE jti = ?", token.jti()));
    }

    assertThat(service.tokens().find(token.jti())).isEmpty();
  }

  @Test
  void keptStatementsLeaveNoReadTransactionOpen() {
    // Every kept statement, on a miss and then on a hit (a statement stopped on its row is the
    // one that would keep a read transaction open).
    service.tokens().find("no-such-jti");
    service.tokens().find(token.jti());
    service.accounts().findById(UUID.randomUUID());
    service.accounts().findById(alice.id());
    service.accounts().findByUsername("nobody");
    service.accounts().findByUsername("alice");

    try (SqliteIdentityStorage tool = offline()) {
      tool.tokens().revoke(token.jti(), T0.plusSeconds(1), "offline");
      // A read transaction left open on the service's connection would pin its snapshot, and a
      // checkpoint could not copy the frames written after it.
      assertThat(checkpoint(tool)).isTrue();
    }
  }

  @Test
  void theCheckpointProbeDoesSeeAReadLeftOpen() throws Exception {
    // The control for the test above: it would fail if a statement were not reset.
    service.tokens().find(token.jti());
    try (Statement open = service.database().withHandle(h -> createStatement(h.getConnection()));
        ResultSet pinned = open.executeQuery("SELECT jti FROM tokens")) {
      assertThat(pinned.next()).isTrue();
      try (SqliteIdentityStorage tool = offline()) {
        tool.tokens().revoke(token.jti(), T0.plusSeconds(1), "offline");
        assertThat(checkpoint(tool)).isFalse();
      }
    }
  }

  @Test
  void insideAUnitOfWorkTheLookupsSeeItsWritesAndARollbackUndoesThem() {
    assertThatThrownBy(
            () ->
                service
                    .transactions()
                    .run(
                        () -> {
                          service.tokens().revoke(token.jti(), T0.plusSeconds(1), "pending");
                          service
                              .accounts()
                              .update(
                                  new StoredAccount(
                                      alice.id(),
                                      alice.username(),
                                      alice.type(),
                                      AccountStatus.INACTIVE,
                                      EnumSet.of(Role.USER, Role.ADMIN),
                                      alice.passwordHash(),
                                      null,
                                      false,
                                      0,
                                      0,
                                      null,
                                      T0,
                                      T0));
                          assertThat(service.tokens().find(token.jti()).orElseThrow().revoked())
                              .isTrue();
                          StoredAccount inside =
                              service.accounts().findById(alice.id()).orElseThrow();
                          assertThat(inside.status()).isEqualTo(AccountStatus.INACTIVE);
                          assertThat(inside.roles())
                              .containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
                          throw new IllegalStateException("roll back");
                        }))
        .hasMessage("roll back");

    assertThat(service.tokens().find(token.jti()).orElseThrow().revoked()).isFalse();
    StoredAccount after = service.accounts().findById(alice.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(after.roles()).containsExactly(Role.USER);
  }

  @Test
  void aLookupReadsEveryFieldBack() {
    TokenRecord found = service.tokens().find(token.jti()).orElseThrow();
    assertThat(found).isEqualTo(token);
    StoredAccount byId = service.accounts().findById(alice.id()).orElseThrow();
    assertThat(byId.username()).isEqualTo("alice");
    assertThat(byId.roles()).containsExactly(Role.USER);
    assertThat(byId.createdAt()).isEqualTo(T0);
    assertThat(service.accounts().findByUsername("alice").orElseThrow().id()).isEqualTo(alice.id());
  }

  @Test
  void keptStatementsDoNotStandInTheWayOfASnapshot() {
    service.tokens().find(token.jti());
    service.accounts().findById(alice.id());
    Path copy = directory.resolve("copy.db");

    service.snapshot(copy);

    try (SqliteIdentityStorage restored = SqliteIdentityStorage.open(copy)) {
      assertThat(restored.tokens().find(token.jti())).contains(token);
    }
    assertThat(service.tokens().find(token.jti())).contains(token);
  }

  @Test
  void statementsArePreparedOnceAndRefusedAfterClose() {
    for (int i = 0; i < 50; i++) {
      service.tokens().find(token.jti());
      service.accounts().findById(alice.id());
    }
    assertThat(service.database().preparedCount()).isEqualTo(2);

    service.close();

    assertThat(service.database().preparedCount()).isZero();
    assertThatThrownBy(() -> service.tokens().find(token.jti()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** A PASSIVE checkpoint from {@code tool}: true when it copied every frame of the log. */
  private static boolean checkpoint(SqliteIdentityStorage tool) {
    Map<String, Object> result =
        tool.database()
            .withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").mapToMap().one());
    long log = ((Number) result.get("log")).longValue();
    long checkpointed = ((Number) result.get("checkpointed")).longValue();
    return log > 0 && log == checkpointed;
  }

  private static Statement createStatement(java.sql.Connection connection) {
    try {
      return connection.createStatement();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
