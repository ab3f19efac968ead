package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration the load benchmark measures (the identity core on a SQLite file, with its
 * verification cache) must not buy its speed with stale answers: a token that was validated, and so
 * sits in the verification cache, is refused at the very next validation once it is revoked or its
 * account deactivated — through this process, or by another process writing the same file (the
 * offline {@code mc} tool).
 */
class SqliteRevocationTest {

  @TempDir Path directory;

  private SqliteIdentityStorage sqlite;
  private IdentityFixture fixture;
  private TokenValidationUseCase validation;
  private IssuedToken login;

  @BeforeEach
  void open() {
    sqlite = SqliteIdentityStorage.open(directory.resolve("identity.db"));
    fixture =
        IdentityFixture.open(
            new IdentityStorage(
                sqlite.accounts(),
                sqlite.tokens(),
                sqlite.audit(),
                sqlite.policyRules(),
                sqlite.settings(),
                sqlite.transactions(),
                sqlite.ssoClients(),
                sqlite.authorizationCodes(),
                sqlite.passkeys(),
                sqlite.loginSources(),
                sqlite.recoveryCodes()),
            null);
    validation = fixture.core().tokens();
    login = fixture.loginAdmin();
    // Twice: the second call is answered from the verification cache.
    assertThat(validation.validate(login.token()).valid()).isTrue();
    assertThat(validation.validate(login.token()).valid()).isTrue();
  }

  @AfterEach
  void close() {
    fixture.close();
    sqlite.close();
  }

  private SqliteIdentityStorage offlineTool() {
    return SqliteIdentityStorage.open(directory.resolve("identity.db"));
  }

  private TokenValidation.Reason refusal() {
    TokenValidation result = validation.validate(login.token());
    assertThat(result).isInstanceOf(TokenValidation.Invalid.class);
    return ((TokenValidation.Invalid) result).reason();
  }

  @Test
  void aRevocationThroughTheCoreIsSeenAtTheNextValidation() {
    fixture.core().tokenAdmin().revoke(Caller.offlineTool("test"), login.jti(), "test");

    assertThat(refusal()).isEqualTo(TokenValidation.Reason.REVOKED);
  }

  @Test
  void aRevocationByAnotherProcessIsSeenAtTheNextValidation() {
    try (SqliteIdentityStorage tool = offlineTool()) {
      assertThat(tool.tokens().revoke(login.jti(), Instant.now(), "offline")).isTrue();
    }

    assertThat(refusal()).isEqualTo(TokenValidation.Reason.REVOKED);
  }

  @Test
  void anAccountDeactivatedByAnotherProcessIsRefusedAtTheNextValidation() {
    try (SqliteIdentityStorage tool = offlineTool()) {
      StoredAccount admin = tool.accounts().findByUsername(IdentityFixture.ADMIN).orElseThrow();
      tool.accounts()
          .update(
              new StoredAccount(
                  admin.id(),
                  admin.username(),
                  admin.type(),
                  AccountStatus.INACTIVE,
                  admin.roles(),
                  admin.passwordHash(),
                  admin.totpSecretSealed(),
                  admin.totpConfirmed(),
                  admin.totpLastStep(),
                  admin.failedLogins(),
                  admin.lockedUntil(),
                  admin.createdAt(),
                  Instant.now()));
    }

    assertThat(refusal()).isEqualTo(TokenValidation.Reason.ACCOUNT_NOT_ACTIVE);
  }
}
