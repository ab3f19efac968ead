package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.SessionClient;
import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One login command, two tokens; a TOTP code is never sent twice. */
class BothServicesSessionTest {

  /** A service that wants TOTP (or not) and refuses a code it has seen before. */
  static final class Service implements SessionClient {
    final boolean totp;
    final Set<String> spent;
    final List<String> calls = new ArrayList<>();
    boolean loggedIn;
    RuntimeException refusal;

    Service(boolean totp, Set<String> spent) {
      this.totp = totp;
      this.spent = spent;
    }

    @Override
    public WhoAmI login(String username, char[] password, String totpCode) {
      calls.add(totpCode == null ? "-" : totpCode);
      if (refusal != null) {
        throw refusal;
      }
      if (totp && totpCode == null) {
        throw new DomainException.Unauthenticated("totp required");
      }
      if (totp && !spent.add(totpCode)) {
        throw new DomainException.Unauthenticated("invalid credentials");
      }
      loggedIn = true;
      return new WhoAmI("id", username, List.of("admin"), "human", null);
    }

    @Override
    public void logout() {
      loggedIn = false;
    }

    @Override
    public WhoAmI whoami() {
      return new WhoAmI("id", "root", List.of("admin"), "human", null);
    }
  }

  @Test
  void withoutTotpOneCallLogsInToBoth() {
    Set<String> spent = new HashSet<>();
    Service identity = new Service(false, spent);
    Service crypto = new Service(false, spent);

    new BothServicesSession(identity, crypto).login("root", "pw".toCharArray(), null);

    assertThat(identity.loggedIn).isTrue();
    assertThat(crypto.loggedIn).isTrue();
  }

  @Test
  void withTotpEachServiceGetsItsOwnCode() {
    Set<String> spent = new HashSet<>(); // one account: a code works once, whichever service
    Service identity = new Service(true, spent);
    Service crypto = new Service(true, spent);
    BothServicesSession session = new BothServicesSession(identity, crypto);

    assertThatThrownBy(() -> session.login("root", "pw".toCharArray(), null))
        .hasMessage("totp required");
    assertThatThrownBy(() -> session.login("root", "pw".toCharArray(), "111111"))
        .hasMessage("totp required");
    assertThat(session.waitingForSecondCode()).isTrue();
    session.login("root", "pw".toCharArray(), "222222");

    assertThat(identity.calls).containsExactly("-", "111111");
    assertThat(crypto.calls).containsExactly("-", "222222");
    assertThat(identity.loggedIn && crypto.loggedIn).isTrue();
    assertThat(session.waitingForSecondCode()).isFalse();
  }

  @Test
  void aRefusalByTheCryptoServiceLogsOutOfTheIdentityServiceToo() {
    Service identity = new Service(false, new HashSet<>());
    Service crypto = new Service(false, new HashSet<>());
    crypto.refusal = new DomainException.Forbidden("login denied by policy");

    assertThatThrownBy(
            () -> new BothServicesSession(identity, crypto).login("root", "pw".toCharArray(), null))
        .hasMessage("login denied by policy");
    assertThat(identity.loggedIn).isFalse();
  }
}
