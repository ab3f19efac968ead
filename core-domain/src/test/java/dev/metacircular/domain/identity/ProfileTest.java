package dev.metacircular.domain.identity;

import static dev.metacircular.domain.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileTest {
  static final String NEXT = "another long enough password";

  IdentityFixture fx = IdentityFixture.create(s -> s.withLockout(3, Duration.ofMinutes(15)));

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void anyoneSeesTheirOwnAccountWithoutTheAdminRole() {
    Account alice = fx.human("alice", Role.GUEST);
    Caller caller = fx.callerFor("alice");
    assertThat(fx.core.profile().me(caller)).isEqualTo(alice);
  }

  @Test
  void aToolOrAnInactiveAccountHasNoProfile() {
    Account alice = fx.human("alice", Role.USER);
    Caller caller = fx.callerFor("alice");
    assertThatThrownBy(() -> fx.core.profile().me(fx.tool))
        .isInstanceOf(DomainException.Forbidden.class);
    fx.core
        .accounts()
        .update(fx.tool, alice.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));
    assertThatThrownBy(() -> fx.core.profile().me(caller))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndIsAudited() {
    Account alice = fx.human("alice", Role.USER);
    Caller caller = fx.callerFor("alice");
    assertThatThrownBy(
            () ->
                fx.core
                    .profile()
                    .changePassword(
                        caller, "wrong password here".toCharArray(), NEXT.toCharArray()))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThat(fx.stored(alice.id()).failedLogins()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                fx.core
                    .profile()
                    .changePassword(caller, PASSWORD.toCharArray(), "short".toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class);

    fx.core.profile().changePassword(caller, PASSWORD.toCharArray(), NEXT.toCharArray());
    assertThat(fx.stored(alice.id()).failedLogins()).isZero();
    assertThat(fx.auditEvents(IdentityAuditTypes.PASSWORD_CHANGED))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo(alice.id().toString()));
    assertThatThrownBy(() -> fx.login("alice")).isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(fx.login("alice", NEXT, null).token()).isNotEmpty();
  }

  @Test
  void aLockedAccountIsRefusedWithoutCheckingThePassword() {
    Account alice = fx.human("alice", Role.USER);
    Caller caller = fx.callerFor("alice");
    String before = fx.stored(alice.id()).passwordHash();
    // The caller signed in from its address, so that known source's own budget applies.
    for (int i = 0; i < fx.settings.lockout().knownSourceBudget(); i++) {
      assertThatThrownBy(
              () ->
                  fx.core
                      .profile()
                      .changePassword(
                          caller, "wrong password here".toCharArray(), NEXT.toCharArray()))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    long hashes = fx.core.passwordHashesComputed();
    assertThatThrownBy(
            () ->
                fx.core
                    .profile()
                    .changePassword(caller, PASSWORD.toCharArray(), NEXT.toCharArray()))
        .isInstanceOf(DomainException.TooManyRequests.class)
        .hasMessage("account locked");
    assertThat(fx.core.passwordHashesComputed()).isEqualTo(hashes);
    assertThat(fx.stored(alice.id()).passwordHash()).isEqualTo(before);
  }

  @Test
  void systemAccountsHaveNoPasswordToChange() {
    fx.system("deploy-bot");
    Caller bot =
        fx.core
            .tokens()
            .authenticate(
                fx.core
                    .tokenAdmin()
                    .issueServiceToken(
                        fx.tool, fx.core.accounts().getByUsername(fx.tool, "deploy-bot").id(), null)
                    .token(),
                "");
    assertThatThrownBy(
            () -> fx.core.profile().changePassword(bot, PASSWORD.toCharArray(), NEXT.toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("system accounts have no password");
  }
}
