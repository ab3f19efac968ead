package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenAdministrationTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Caller admin;
  private Account ci;

  @BeforeEach
  void accounts() {
    admin = f.admin();
    ci = f.system("ci-runner");
  }

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aServiceTokenForASystemAccountLastsAYearByDefault() {
    IssuedToken token = f.core.tokenAdmin().issueServiceToken(admin, ci.id(), null);

    assertThat(token.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(365)));
    TokenValidation v = f.core.tokens().validate(token.token());
    assertThat(v.valid()).isTrue();
    assertThat(((TokenValidation.Valid) v).claims().accountId()).isEqualTo(ci.id());
    assertThat(f.storage.tokens().find(token.jti()).orElseThrow().kind())
        .isEqualTo(TokenRecord.Kind.SERVICE);
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_ISSUED))
        .anySatisfy(
            e -> {
              assertThat(e.subject()).isEqualTo(ci.id().toString());
              assertThat(e.details()).containsEntry("jti", token.jti());
              assertThat(e.details()).containsEntry("kind", "service");
              assertThat(e.actor()).isEqualTo(admin.accountId().toString());
            });
  }

  @Test
  void theTtlMustBePositiveAndAtMostTenYears() {
    assertThat(
            f.core.tokenAdmin().issueServiceToken(admin, ci.id(), Duration.ofHours(1)).expiresAt())
        .isEqualTo(f.clock.instant().plus(Duration.ofHours(1)));
    assertThat(
            f.core
                .tokenAdmin()
                .issueServiceToken(admin, ci.id(), TokenAdminUseCase.MAX_SERVICE_TTL)
                .token())
        .isNotBlank();

    for (Duration bad :
        new Duration[] {
          Duration.ZERO, Duration.ofSeconds(-1), TokenAdminUseCase.MAX_SERVICE_TTL.plusSeconds(1)
        }) {
      assertThatThrownBy(() -> f.core.tokenAdmin().issueServiceToken(admin, ci.id(), bad))
          .isInstanceOf(DomainException.InvalidInput.class);
    }
  }

  @Test
  void serviceTokensAreOnlyForActiveSystemAccounts() {
    Account alice = f.human("alice", Role.USER);
    assertThatThrownBy(() -> f.core.tokenAdmin().issueServiceToken(admin, alice.id(), null))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("service tokens are for system accounts");
    assertThatThrownBy(() -> f.core.tokenAdmin().issueServiceToken(admin, UUID.randomUUID(), null))
        .isInstanceOf(DomainException.NotFound.class);

    f.core
        .accounts()
        .update(admin, ci.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));
    assertThatThrownBy(() -> f.core.tokenAdmin().issueServiceToken(admin, ci.id(), null))
        .isInstanceOf(DomainException.Conflict.class);
  }

  @Test
  void revokeByJtiAndRevokingAnUnknownJtiIsNotFound() {
    IssuedToken token = f.core.tokenAdmin().issueServiceToken(admin, ci.id(), null);

    f.core.tokenAdmin().revoke(admin, token.jti(), "leaked in CI logs");
    f.core.tokenAdmin().revoke(admin, token.jti(), null);

    TokenRecord record = f.storage.tokens().find(token.jti()).orElseThrow();
    assertThat(record.revoked()).isTrue();
    assertThat(record.revokeReason()).isEqualTo("leaked in CI logs");
    assertThat(f.core.tokens().validate(token.token()).valid()).isFalse();
    assertThatThrownBy(() -> f.core.tokenAdmin().revoke(admin, "no-such-jti", null))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_REVOKED)).hasSize(2);
  }

  @Test
  void revokeAllListAndPrune() {
    IssuedToken a = f.core.tokenAdmin().issueServiceToken(admin, ci.id(), Duration.ofHours(1));
    f.clock.advance(Duration.ofSeconds(1));
    IssuedToken b = f.core.tokenAdmin().issueServiceToken(admin, ci.id(), Duration.ofDays(2));

    assertThat(f.core.tokenAdmin().list(admin, ci.id()))
        .extracting(TokenRecord::jti)
        .containsExactly(b.jti(), a.jti());
    assertThat(f.core.tokenAdmin().revokeAll(admin, ci.id(), "rotation")).isEqualTo(2);
    assertThat(f.core.tokens().validate(b.token()).valid()).isFalse();

    f.clock.advance(Duration.ofHours(2));
    assertThat(f.core.tokenAdmin().pruneExpired(admin)).isEqualTo(1);
    assertThat(f.core.tokenAdmin().list(admin, ci.id()))
        .extracting(TokenRecord::jti)
        .containsExactly(b.jti());
    assertThat(f.auditEvents(IdentityAuditTypes.TOKENS_PRUNED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("count", "1"));
    assertThatThrownBy(() -> f.core.tokenAdmin().list(admin, UUID.randomUUID()))
        .isInstanceOf(DomainException.NotFound.class);
  }
}
