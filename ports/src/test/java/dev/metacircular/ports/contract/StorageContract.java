package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every storage contract shares: a fresh {@link StorageFixture} per test, sample data and
 * comparisons.
 *
 * <p><b>Time precision.</b> Stores keep instants to at least millisecond precision. The samples
 * carry nanoseconds on purpose, and the contracts compare instants truncated to milliseconds: a
 * store may drop what lies below a millisecond, never more.
 *
 * <p>An adapter runs a contract by extending it and implementing {@link #newFixture()}.
 */
public abstract class StorageContract {

  /** A fixed instant with digits below the millisecond. */
  protected static final Instant T0 = Instant.parse("2025-06-01T10:15:30.123456789Z");

  protected static final String PASSWORD_HASH =
      "$argon2id$v=19$m=131072,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g";

  private StorageFixture fixture;

  /** A new, empty database with all its stores. Called before every test. */
  protected abstract StorageFixture newFixture() throws Exception;

  @BeforeEach
  protected final void openFixture() throws Exception {
    fixture = newFixture();
  }

  @AfterEach
  protected final void closeFixture() throws Exception {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  protected final StorageFixture fixture() {
    return fixture;
  }

  protected static Instant at(Duration offset) {
    return T0.plus(offset);
  }

  protected static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Every value a byte can take, so encodings that lose bytes show. */
  protected static byte[] allByteValues() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** An active human user with a password and no optional field set. */
  protected static StoredAccount account(String username) {
    return new StoredAccount(
        UUID.randomUUID(),
        username,
        AccountType.HUMAN,
        AccountStatus.ACTIVE,
        Set.of(Role.USER),
        PASSWORD_HASH,
        null,
        false,
        0,
        0,
        null,
        T0,
        T0);
  }

  /** An account with every field set to a non-default value. */
  protected static StoredAccount fullAccount(String username) {
    return new StoredAccount(
        UUID.randomUUID(),
        username,
        AccountType.HUMAN,
        AccountStatus.INACTIVE,
        Set.of(Role.ADMIN, Role.USER),
        PASSWORD_HASH,
        allByteValues(),
        true,
        58_333_333_333L,
        7,
        at(Duration.ofMinutes(15)),
        T0,
        at(Duration.ofSeconds(42)));
  }

  /** Asserts that a stored account equals the expected one field by field. */
  protected static void assertSameAccount(StoredAccount actual, StoredAccount expected) {
    assertThat(actual).as("account").isNotNull();
    assertThat(actual.id()).as("id").isEqualTo(expected.id());
    assertThat(actual.username()).as("username").isEqualTo(expected.username());
    assertThat(actual.type()).as("type").isEqualTo(expected.type());
    assertThat(actual.status()).as("status").isEqualTo(expected.status());
    assertThat(actual.roles()).as("roles").containsExactlyInAnyOrderElementsOf(expected.roles());
    assertThat(actual.passwordHash()).as("passwordHash").isEqualTo(expected.passwordHash());
    assertThat(actual.totpSecretSealed())
        .as("totpSecretSealed")
        .isEqualTo(expected.totpSecretSealed());
    assertThat(actual.totpConfirmed()).as("totpConfirmed").isEqualTo(expected.totpConfirmed());
    assertThat(actual.totpLastStep()).as("totpLastStep").isEqualTo(expected.totpLastStep());
    assertThat(actual.failedLogins()).as("failedLogins").isEqualTo(expected.failedLogins());
    assertThat(millis(actual.lockedUntil()))
        .as("lockedUntil")
        .isEqualTo(millis(expected.lockedUntil()));
    assertThat(millis(actual.createdAt())).as("createdAt").isEqualTo(millis(expected.createdAt()));
    assertThat(millis(actual.updatedAt())).as("updatedAt").isEqualTo(millis(expected.updatedAt()));
  }
}
