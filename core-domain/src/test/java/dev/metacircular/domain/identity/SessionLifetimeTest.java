package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions end on the events that should end them, and renewal is a login without the password: the
 * login policy again, and never past {@code tokens.max_session_lifetime} (issue 9 item 3).
 */
class SessionLifetimeTest {

  private static final String NEXT_PASSWORD = "another long enough password";

  private final IdentityFixture f = IdentityFixture.create();
  private Account alice;

  @BeforeEach
  void accounts() {
    alice = f.human("alice", Role.USER);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private boolean valid(IssuedToken token) {
    return f.core.tokens().validate(token.token()).valid();
  }

  private IssuedToken login(String service, List<String> tags) {
    return f.core
        .login()
        .login(
            new LoginCommand(
                "alice",
                IdentityFixture.PASSWORD.toCharArray(),
                null,
                service,
                tags,
                IdentityFixture.ADDRESS));
  }

  @Test
  void renewalNeverRunsPastTheAbsoluteSessionLifetime() {
    Instant sessionEnd = IdentityFixture.START.plus(Duration.ofDays(7));
    IssuedToken token = f.login("alice");
    int renewals = 0;
    while (true) {
      f.clock.advance(Duration.ofHours(11));
      if (!f.clock.instant().isBefore(token.expiresAt())) {
        break;
      }
      token = f.core.sessions().renew(token.token(), "");
      renewals++;
      assertThat(token.expiresAt()).isBeforeOrEqualTo(sessionEnd);
      assertThat(f.storage.tokens().find(token.jti()).orElseThrow().sessionStartedAt())
          .isEqualTo(IdentityFixture.START);
    }
    // Every 11 h for 7 days: the last renewal was capped at the session's end, then it expired.
    assertThat(renewals).isEqualTo(15);
    assertThat(token.expiresAt()).isEqualTo(sessionEnd);
    String last = token.token();
    assertThatThrownBy(() -> f.core.sessions().renew(last, ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void renewalInTheSessionsLastSecondIsRefusedAndAudited() {
    try (IdentityFixture g =
        IdentityFixture.create(
            s ->
                s.withLoginTokenTtl(Duration.ofHours(1))
                    .withMaxSessionLifetime(Duration.ofHours(1)))) {
      g.human("bob", Role.USER);
      IssuedToken token = g.login("bob");
      g.clock.advance(Duration.ofHours(1).minusMillis(500));

      assertThatThrownBy(() -> g.core.sessions().renew(token.token(), ""))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessageContaining("maximum lifetime");
      assertThat(g.auditEvents(IdentityAuditTypes.TOKEN_RENEW_REFUSED)).hasSize(1);
    }
  }

  @Test
  void aConfiguredLifetimeBoundsTheSession() {
    try (IdentityFixture g =
        IdentityFixture.create(
            s ->
                s.withLoginTokenTtl(Duration.ofHours(1))
                    .withMaxSessionLifetime(Duration.ofMinutes(90)))) {
      g.human("bob", Role.USER);
      IssuedToken token = g.login("bob");
      g.clock.advance(Duration.ofMinutes(50));

      IssuedToken renewed = g.core.sessions().renew(token.token(), "");

      assertThat(renewed.expiresAt()).isEqualTo(IdentityFixture.START.plus(Duration.ofMinutes(90)));
    }
  }

  @Test
  void aSessionLifetimeShorterThanALoginTokenIsRefusedAtStart() {
    assertThatThrownBy(
            () -> IdentitySettings.defaults("x").withMaxSessionLifetime(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSessionLifetime");
  }

  @Test
  void renewalReRunsTheLoginPolicy() {
    IssuedToken token = f.login("alice");
    f.core
        .loginPolicy()
        .create(
            f.tool,
            new PolicyRule(
                "no-alice",
                10,
                Effect.DENY,
                "test",
                new SubjectMatch(List.of("alice"), null, null),
                ResourceMatch.any(),
                List.of("login")));

    assertThatThrownBy(() -> f.core.sessions().renew(token.token(), ""))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
    assertThat(valid(token)).as("the refused token is not consumed").isTrue();
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_RENEW_REFUSED))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("rule", "no-alice")
                    .containsEntry("service", "mcias"));
  }

  @Test
  void renewalAsksThePolicyForTheTokensAudienceAndTheSessionsTags() {
    // metacrypt only with the "on-call" tag; nothing else changes.
    f.core
        .loginPolicy()
        .create(
            f.tool,
            new PolicyRule(
                "crypto-on-call",
                10,
                Effect.ALLOW,
                "t",
                SubjectMatch.any(),
                new ResourceMatch(List.of("metacrypt"), List.of("on-call"), null, null),
                List.of("login")));
    f.core
        .loginPolicy()
        .create(
            f.tool,
            new PolicyRule(
                "crypto-otherwise",
                20,
                Effect.DENY,
                "t",
                SubjectMatch.any(),
                new ResourceMatch(List.of("metacrypt"), null, null, null),
                List.of("login")));
    IssuedToken onCall = login("metacrypt", List.of("on-call"));
    assertThatThrownBy(() -> login("metacrypt", null))
        .isInstanceOf(DomainException.Forbidden.class);

    IssuedToken renewed = f.core.sessions().renew(onCall.token(), "");

    TokenRecord record = f.storage.tokens().find(renewed.jti()).orElseThrow();
    assertThat(record.audience()).isEqualTo("metacrypt");
    assertThat(record.tags()).containsExactly("on-call");
    // A rule against this audience ends the renewals; the identity service's own are untouched.
    f.core.loginPolicy().delete(f.tool, "crypto-on-call");
    assertThatThrownBy(() -> f.core.sessions().renew(renewed.token(), ""))
        .isInstanceOf(DomainException.Forbidden.class);
    IssuedToken own = f.login("alice");
    assertThat(f.core.sessions().renew(own.token(), "").token()).isNotBlank();
  }

  @Test
  void aSelfServicePasswordChangeEndsEveryOtherSession() {
    IssuedToken other = f.login("alice");
    IssuedToken crypto = login("metacrypt", null);
    IssuedToken current = f.login("alice");
    Caller caller = f.core.tokens().authenticate(current.token(), "");

    f.core
        .profile()
        .changePassword(
            caller, IdentityFixture.PASSWORD.toCharArray(), NEXT_PASSWORD.toCharArray());

    assertThat(valid(other)).isFalse();
    assertThat(valid(crypto)).isFalse();
    assertThat(valid(current)).as("the token that made the change keeps working").isTrue();
    assertThat(f.auditEvents(IdentityAuditTypes.PASSWORD_CHANGED))
        .last()
        .satisfies(e -> assertThat(e.details()).containsEntry("tokens_revoked", "2"));
  }

  @Test
  void anAdminPasswordResetEndsEverySession() {
    IssuedToken first = f.login("alice");
    f.core.accounts().setPassword(f.tool, alice.id(), NEXT_PASSWORD.toCharArray());
    assertThat(valid(first)).isFalse();

    IssuedToken second = f.login("alice", NEXT_PASSWORD, null);
    f.core
        .accounts()
        .update(
            f.tool,
            alice.id(),
            new UpdateAccountCommand(null, IdentityFixture.PASSWORD.toCharArray()));
    assertThat(valid(second)).isFalse();
  }

  @Test
  void removingTotpEndsTheSessionsOpenedUnderIt() {
    IssuedToken current = f.login("alice");
    Caller caller = f.core.tokens().authenticate(current.token(), "");
    TotpEnrolment enrolment = f.core.totp().enrol(caller, IdentityFixture.PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(caller, Totp.code(secret, Totp.step(f.clock.instant())));
    f.clock.advance(Duration.ofSeconds(30));
    IssuedToken withCode =
        f.login("alice", IdentityFixture.PASSWORD, Totp.code(secret, Totp.step(f.clock.instant())));

    // The owner removes it: the other session ends, the one that did it goes on.
    f.core.totp().remove(caller, alice.id());
    assertThat(valid(withCode)).isFalse();
    assertThat(valid(current)).isTrue();

    // An admin removes it: every session ends.
    TotpEnrolment again = f.core.totp().enrol(caller, IdentityFixture.PASSWORD.toCharArray());
    byte[] secret2 = Base32.decode(again.secretBase32());
    f.clock.advance(Duration.ofSeconds(30));
    f.core.totp().confirm(caller, Totp.code(secret2, Totp.step(f.clock.instant())));
    f.core.totp().remove(f.admin(), alice.id());
    assertThat(valid(current)).isFalse();
  }

  @Test
  void disableAndDeleteEndSessionsForGood() {
    IssuedToken before = f.login("alice");
    f.core
        .accounts()
        .update(f.tool, alice.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));
    f.core
        .accounts()
        .update(f.tool, alice.id(), new UpdateAccountCommand(AccountStatus.ACTIVE, null));
    assertThat(valid(before)).as("re-enabling does not bring old sessions back").isFalse();

    IssuedToken after = f.login("alice");
    f.core.accounts().delete(f.tool, alice.id());
    assertThat(f.storage.tokens().find(after.jti()).orElseThrow().revoked()).isTrue();
  }
}
