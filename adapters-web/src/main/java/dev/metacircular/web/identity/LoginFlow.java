package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The password → TOTP login, as one reusable piece: the identity service's login page drives it,
 * and so does SSO's authorize page. It ends with the session signed in and a {@link Step.Done}
 * naming where to go next (the continuation the caller passed in); what "next" means is the
 * caller's business. A passkey sign-in ends here too ({@link #passkey}), so every way in signs the
 * session in alike.
 *
 * <p>When the account has TOTP, the first step answers {@link Step.CodeRequired} and keeps a {@link
 * PendingLogin} in <em>this</em> server-side session: the username, the password (as a {@code
 * char[]}, because the login port checks both together) and the continuation. Nothing of it is ever
 * written into the page or a cookie. It lasts {@link #PENDING_TTL}, allows {@link
 * #MAX_CODE_ATTEMPTS} codes, and is wiped when it completes, fails for good, expires or is
 * replaced. Every attempt goes through the same port as the REST API, so rate limits, lockout, TOTP
 * replay protection, login policy and audit apply unchanged.
 */
public final class LoginFlow {
  /** How long a login may wait for its TOTP code. */
  public static final Duration PENDING_TTL = Duration.ofMinutes(5);

  /** Codes one pending login may try before the person must start again. */
  public static final int MAX_CODE_ATTEMPTS = 5;

  static final String PENDING = "identity.login.pending";
  static final String TOTP_REQUIRED = "totp required";

  private final LoginUseCase login;
  private final TokenValidationUseCase tokens;

  public LoginFlow(LoginUseCase login, TokenValidationUseCase tokens) {
    this.login = Objects.requireNonNull(login, "login");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /** What a login step led to. Refusals are {@code DomainException}s, worded as the REST API's. */
  public sealed interface Step {
    /** Signed in (on a fresh session); go to {@code next}. */
    record Done(SignedIn who, String next) implements Step {}

    /** The password was right and the account has TOTP: ask for a code. */
    record CodeRequired(String username) implements Step {}
  }

  /**
   * Where the login came from and where it goes: the service the token is for (null for the
   * identity service's own pages; the login policy sees it as the resource's service), policy tags,
   * and the continuation {@code next} handed back in {@link Step.Done}.
   */
  public record Continuation(String serviceName, List<String> tags, String next) {
    public Continuation {
      tags = tags == null ? List.of() : List.copyOf(tags);
      Objects.requireNonNull(next, "next");
    }
  }

  /**
   * Step one: username and password. The caller owns {@code password} and wipes it; the flow keeps
   * its own copy only while a code is pending. Any earlier pending login of this session is dropped
   * first.
   */
  public Step password(PageRequest r, String username, char[] password, Continuation then) {
    abandon(r);
    try {
      return signIn(
          r,
          login.login(
              new LoginCommand(username, password, null, then.serviceName(), then.tags(), r.ip())),
          then);
    } catch (DomainException.Unauthenticated e) {
      if (!TOTP_REQUIRED.equals(e.getMessage())) {
        throw e;
      }
      r.session()
          .setAttribute(
              PENDING,
              new PendingLogin(username, password.clone(), then, r.now().plus(PENDING_TTL)));
      return new Step.CodeRequired(username);
    }
  }

  /**
   * Step two: the TOTP code for the login pending in this session, or instead one of the account's
   * recovery codes (anything that is not six digits is taken as one; the core decides whether it
   * is). {@code Unauthenticated} with the port's wording for a wrong code (the pending login stays
   * for another try, up to {@link #MAX_CODE_ATTEMPTS}); {@code Unauthenticated("login expired; sign
   * in again")} when nothing is pending any more.
   */
  public Step code(PageRequest r, String code) {
    PendingLogin pending =
        pending(r)
            .orElseThrow(() -> new DomainException.Unauthenticated("login expired; sign in again"));
    boolean totp = code != null && code.matches("[0-9]{6}");
    if (code == null
        || code.isBlank()
        || (!totp && code.length() > LoginCommand.MAX_RECOVERY_CODE)) {
      throw new DomainException.InvalidInput(
          "enter the 6-digit code from your app, or a recovery code");
    }
    IssuedToken token;
    try {
      token =
          login.login(
              new LoginCommand(
                  pending.username(),
                  pending.password(),
                  totp ? code : null,
                  pending.then().serviceName(),
                  pending.then().tags(),
                  r.ip(),
                  totp ? null : code));
    } catch (DomainException.Unauthenticated
        | DomainException.TooManyRequests
        | DomainException.Forbidden e) {
      if (pending.failedAttempt() >= MAX_CODE_ATTEMPTS
          || !(e instanceof DomainException.Unauthenticated)) {
        abandon(r);
      }
      throw e;
    }
    abandon(r);
    return signIn(r, token, pending.then());
  }

  /**
   * Signs the session in with a token the core issued for a passkey (which needs no TOTP code); any
   * password login pending in this session is dropped.
   */
  public Step.Done passkey(PageRequest r, IssuedToken token, String next) {
    abandon(r);
    return signIn(r, token, new Continuation(null, List.of(), next));
  }

  /** The login waiting for a code in this session, if it has not expired. */
  public Optional<PendingLogin> pending(PageRequest r) {
    Optional<PendingLogin> pending = r.session().attribute(PENDING, PendingLogin.class);
    if (pending.isPresent() && !r.now().isBefore(pending.get().expiresAt())) {
      abandon(r);
      return Optional.empty();
    }
    return pending;
  }

  /** Drops (and wipes) any login pending in this session. */
  public void abandon(PageRequest r) {
    r.session().removeAttribute(PENDING, PendingLogin.class).ifPresent(PendingLogin::wipe);
  }

  private Step.Done signIn(PageRequest r, IssuedToken token, Continuation then) {
    if (!(tokens.validate(token.token()) instanceof TokenValidation.Valid valid)) {
      // The token was issued a moment ago; failing to validate it is a broken core, not a refusal.
      throw new IllegalStateException("a freshly issued token does not validate");
    }
    TokenClaims claims = valid.claims();
    SignedIn who =
        new SignedIn(
            token.token(),
            claims.username(),
            claims.roles().stream().map(Role::wireName).collect(Collectors.toSet()),
            token.expiresAt());
    r.signIn(who);
    return new Step.Done(who, then.next());
  }

  /** A login waiting for its TOTP code; lives only in the server-side session. */
  public static final class PendingLogin {
    private final String username;
    private final char[] password;
    private final Continuation then;
    private final Instant expiresAt;
    private int failures;

    PendingLogin(String username, char[] password, Continuation then, Instant expiresAt) {
      this.username = username;
      this.password = password;
      this.then = then;
      this.expiresAt = expiresAt;
    }

    public String username() {
      return username;
    }

    public Continuation then() {
      return then;
    }

    public Instant expiresAt() {
      return expiresAt;
    }

    synchronized char[] password() {
      return password;
    }

    synchronized int failedAttempt() {
      return ++failures;
    }

    synchronized void wipe() {
      java.util.Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
      return "PendingLogin[username=" + username + "]";
    }
  }
}
