package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.TelemetryEvent.LoginOutcome;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the identity core reports through its telemetry port: sign-ins by outcome, lockouts, tokens
 * issued, validated and revoked; events only, never who.
 */
class IdentityTelemetryTest {
  final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  final IdentityCore core =
      IdentityCore.open(
          IdentityStorage.inMemory(),
          IdentityFixture.cheap(IdentitySettings.defaults(IdentityFixture.ISSUER)),
          null,
          IdentityFixture.passphrase(),
          new ManualClock(IdentityFixture.START),
          events::add);

  @AfterEach
  void close() {
    core.close();
  }

  private long count(TelemetryEvent event) {
    return events.stream().filter(event::equals).count();
  }

  private void human(String username) {
    core.accounts()
        .create(
            IdentityFixture.caller(),
            new CreateAccountCommand(
                username,
                AccountType.HUMAN,
                IdentityFixture.PASSWORD.toCharArray(),
                Set.of(Role.USER)));
  }

  private IssuedToken login(String username, String password) {
    return core.login()
        .login(IdentityFixture.command(username, password, null, IdentityFixture.ADDRESS));
  }

  @Test
  void signInsAreReportedByOutcomeAndTokensByWhatHappensToThem() {
    human("alice");
    assertThatThrownBy(() -> login("alice", "not her password"))
        .isInstanceOf(DomainException.Unauthenticated.class);
    IssuedToken token = login("alice", IdentityFixture.PASSWORD);
    assertThat(count(new TelemetryEvent.Login(LoginOutcome.FAILURE))).isEqualTo(1);
    assertThat(count(new TelemetryEvent.Login(LoginOutcome.SUCCESS))).isEqualTo(1);
    assertThat(count(new TelemetryEvent.TokenIssued())).isEqualTo(1);

    core.tokens().authenticate(token.token(), IdentityFixture.ADDRESS);
    assertThat(count(new TelemetryEvent.TokenValidated(true))).isEqualTo(1);
    assertThatThrownBy(() -> core.tokens().authenticate("not-a-token", IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(count(new TelemetryEvent.TokenValidated(false))).isEqualTo(1);

    core.sessions().logout(token.token(), IdentityFixture.ADDRESS);
    assertThat(count(new TelemetryEvent.TokenRevoked())).isEqualTo(1);
    assertThat(events.toString()).doesNotContain("alice").doesNotContain(token.token());
  }

  @Test
  void repeatedFailuresLockTheAccountAndTheLockoutIsReported() {
    human("bob");
    for (int i = 0; i < 12; i++) {
      try {
        login("bob", "wrong password " + i);
      } catch (DomainException refused) {
        // each failure counts toward the lockout
      }
    }
    assertThat(count(new TelemetryEvent.Lockout())).isEqualTo(1);
    assertThat(count(new TelemetryEvent.Login(LoginOutcome.FAILURE))).isEqualTo(12);
  }
}
