package dev.metacircular.apps.shell;

import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.SessionClient;
import dev.metacircular.ports.error.DomainException;
import java.util.Objects;

/**
 * The login of a shell connected to both services. Each service accepts only tokens of its own
 * audience, so one login is two: at the identity service (no {@code service_name}: a token for the
 * identity service) and at the crypto service (which logs in with its own {@code service_name}: a
 * token for it), each client keeping its own token.
 *
 * <p>An account with TOTP needs two codes, since a code is accepted once: when the identity login
 * has spent the code and the crypto service asks for one, this answers {@code Unauthenticated("totp
 * required")} again and remembers the identity login, so the next call, with the next code, only
 * logs in to the crypto service. A refusal by the crypto service logs out of the identity service
 * too: the shell is logged in to both or to neither.
 */
public final class BothServicesSession implements SessionClient {
  private static final String TOTP_REQUIRED = "totp required";

  private final SessionClient identity;
  private final SessionClient crypto;

  /** The identity login waiting for the crypto service's own code, or null. */
  private WhoAmI identityWaiting;

  private String waitingFor;

  public BothServicesSession(SessionClient identity, SessionClient crypto) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  /** True while the identity login is done and the crypto service waits for a fresh code. */
  public synchronized boolean waitingForSecondCode() {
    return identityWaiting != null;
  }

  @Override
  public synchronized WhoAmI login(String username, char[] password, String totpCode) {
    WhoAmI who;
    if (identityWaiting != null && totpCode != null && username.equals(waitingFor)) {
      who = identityWaiting;
    } else {
      identityWaiting = null;
      who = identity.login(username, password, totpCode);
    }
    try {
      // The code, if any, was just spent at the identity service: never send it twice.
      crypto.login(username, password, who == identityWaiting ? totpCode : null);
      identityWaiting = null;
      return who;
    } catch (DomainException.Unauthenticated e) {
      if (TOTP_REQUIRED.equals(e.getMessage()) && identityWaiting == null) {
        identityWaiting = who;
        waitingFor = username;
        throw e;
      }
      abandon();
      throw e;
    } catch (RuntimeException e) {
      abandon();
      throw e;
    }
  }

  private void abandon() {
    identityWaiting = null;
    try {
      identity.logout();
    } catch (RuntimeException ignored) {
      // the refusal being reported matters more than a failed cleanup
    }
  }

  @Override
  public synchronized void logout() {
    identityWaiting = null;
    try {
      crypto.logout();
    } catch (DomainException.Unauthenticated ignored) {
      // not logged in there (any more): nothing to revoke
    } finally {
      identity.logout();
    }
  }

  @Override
  public WhoAmI whoami() {
    return identity.whoami();
  }
}
