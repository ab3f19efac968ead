package dev.metacircular.domain.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crypto service's authentication over the real identity core, in process. */
class DelegatedAuthenticatorTest {

  private static final String PASSWORD = "a long enough password";
  private static final String ADDRESS = "192.0.2.7";
  private static final Caller TOOL = Caller.offlineTool("mciasdb");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-11T10:00:00Z"));
  private final IdentityCore core =
      IdentityCore.open(
          IdentityStorage.inMemory(),
          IdentitySettings.defaults("https://mcias.test")
              .withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
              .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
              .withLoginRate(1_000, 1_000),
          new MasterKeySource.Passphrase("correct horse battery staple".toCharArray()),
          clock);
  private final InProcessIdentityProvider metacrypt =
      InProcessIdentityProvider.over(core, "metacrypt", List.of("env:test"));
  private final DelegatedAuthenticator auth = new DelegatedAuthenticator(metacrypt);

  @AfterEach
  void close() {
    core.close();
  }

  private Account human(String username, Role... roles) {
    return core.accounts()
        .create(
            TOOL,
            new CreateAccountCommand(
                username, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(roles)));
  }

  private IssuedToken login(String username) {
    return auth.login(username, PASSWORD.toCharArray(), null, ADDRESS);
  }

  @Test
  void loginThroughTheProviderObtainsATokenForThisService() {
    human("alice", Role.USER);

    IssuedToken token = login("alice");

    TokenClaims claims = auth.tokenInfo(token.token());
    assertThat(claims.audience()).isEqualTo("metacrypt");
    assertThat(claims.jti()).isEqualTo(token.jti());
    assertThat(claims.username()).isEqualTo("alice");
    assertThat(claims.expiresAt()).isEqualTo(token.expiresAt());
  }

  @Test
  void theConfiguredServiceNameAndTagsReachTheLoginPolicy() {
    human("alice", Role.USER);
    // Only logins to "metacrypt" carrying the tag "env:test" are allowed from now on.
    core.loginPolicy().delete(TOOL, "default-allow-login");
    core.loginPolicy()
        .create(
            TOOL,
            new PolicyRule(
                null,
                10,
                Effect.ALLOW,
                "metacrypt in test",
                SubjectMatch.any(),
                new ResourceMatch(List.of("metacrypt"), List.of("env:test"), List.of(), List.of()),
                List.of("login")));
    InProcessIdentityProvider untagged = InProcessIdentityProvider.over(core, "metacrypt", null);

    assertThat(login("alice").token()).isNotBlank();
    assertThatThrownBy(() -> untagged.login("alice", PASSWORD.toCharArray(), null, ADDRESS))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
  }

  @Test
  void theCallerCarriesTheIdentityOfTheToken() {
    Account alice = human("alice", Role.USER, Role.GUEST);
    IssuedToken token = login("alice");

    Caller caller = auth.authenticate(token.token(), ADDRESS);

    assertThat(caller)
        .isEqualTo(
            new Caller(
                alice.id(),
                "alice",
                Set.of(Role.USER, Role.GUEST),
                AccountType.HUMAN,
                token.jti(),
                ADDRESS));
  }

  @Test
  void onlyTheIdentityAdminRoleMakesAnAdmin() {
    human("root", Role.ADMIN);
    human("alice", Role.USER);

    assertThat(auth.authenticate(login("root").token(), ADDRESS).isAdmin()).isTrue();
    assertThat(auth.authenticate(login("alice").token(), ADDRESS).isAdmin()).isFalse();
  }

  @Test
  void aMissingTokenIsRefused() {
    for (String missing : new String[] {null, "", "   "}) {
      assertThatThrownBy(() -> auth.authenticate(missing, ADDRESS))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("missing token");
      assertThatThrownBy(() -> auth.tokenInfo(missing))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("missing token");
      assertThatThrownBy(() -> auth.logout(missing, ADDRESS))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("missing token");
    }
  }

  @Test
  void garbageAndExpiredTokensAreRefused() {
    human("alice", Role.USER);
    IssuedToken token = login("alice");

    assertThatThrownBy(() -> auth.authenticate("not.a.token", ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");

    clock.set(token.expiresAt());
    assertThatThrownBy(() -> auth.authenticate(token.token(), ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    human("alice", Role.USER);
    IssuedToken token = login("alice");
    assertThat(auth.authenticate(token.token(), ADDRESS).name()).isEqualTo("alice");

    core.tokenAdmin().revoke(TOOL, token.jti(), "leaked");

    assertThatThrownBy(() -> auth.authenticate(token.token(), ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
    assertThatThrownBy(() -> auth.tokenInfo(token.token()))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
  }

  @Test
  void aTokenForAnotherServiceIsRefusedLikeAnInvalidOne() {
    human("alice", Role.ADMIN);
    InProcessIdentityProvider registry =
        InProcessIdentityProvider.over(core, "registry", List.of());
    IssuedToken forRegistry = registry.login("alice", PASSWORD.toCharArray(), null, ADDRESS);
    // The identity service itself still considers it valid: only the audience differs.
    assertThat(metacrypt.validate(forRegistry.token()).valid()).isTrue();

    assertThatThrownBy(() -> auth.authenticate(forRegistry.token(), ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
    assertThatThrownBy(() -> auth.tokenInfo(forRegistry.token()))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
    // The registry's own authenticator accepts it.
    assertThat(
            new DelegatedAuthenticator(registry)
                .authenticate(forRegistry.token(), ADDRESS)
                .isAdmin())
        .isTrue();
  }

  @Test
  void aTokenNamingNoServiceIsForTheIdentityServiceAndRefusedHere() {
    human("alice", Role.USER);
    Account bot =
        core.accounts()
            .create(
                TOOL,
                new CreateAccountCommand("ci-runner", AccountType.SYSTEM, null, Set.of(Role.USER)));
    // No service named at issue or login: a token for the identity service itself, never a
    // wildcard every service accepts.
    IssuedToken identityOnly = core.tokenAdmin().issueServiceToken(TOOL, bot.id(), null);
    IssuedToken plainLogin =
        core.login()
            .login(new LoginCommand("alice", PASSWORD.toCharArray(), null, null, null, ADDRESS));
    for (IssuedToken token : List.of(identityOnly, plainLogin)) {
      assertThatThrownBy(() -> auth.authenticate(token.token(), ADDRESS))
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage(DelegatedAuthenticator.INVALID_TOKEN);
      assertThatThrownBy(() -> auth.tokenInfo(token.token()))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }

    IssuedToken forUs = core.tokenAdmin().issueServiceToken(TOOL, bot.id(), null, "metacrypt");
    Caller caller = auth.authenticate(forUs.token(), ADDRESS);
    assertThat(caller.accountId()).isEqualTo(bot.id());
    assertThat(caller.accountType()).isEqualTo(AccountType.SYSTEM);
    assertThat(auth.tokenInfo(forUs.token()).audience()).isEqualTo("metacrypt");
  }

  @Test
  void logoutRevokesTheTokenAtTheIdentityService() {
    human("alice", Role.USER);
    IssuedToken token = login("alice");

    auth.logout(token.token(), ADDRESS);

    assertThat(core.tokens().validate(token.token()))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.REVOKED));
    assertThatThrownBy(() -> auth.authenticate(token.token(), ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> auth.logout(token.token(), ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
  }

  @Test
  void loginRefusalsAreTheIdentityServicesOwn() {
    human("alice", Role.USER);

    assertThatThrownBy(() -> auth.login("alice", "wrong password!!".toCharArray(), null, ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThatThrownBy(() -> auth.login("alice", new char[0], null, ADDRESS))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("password is required");
    assertThatThrownBy(() -> auth.login("alice", PASSWORD.toCharArray(), "12", ADDRESS))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("totp_code must be 6 digits");
  }

  @Test
  void theProviderRefusesABadConfigurationAtConstruction() {
    assertThatThrownBy(() -> InProcessIdentityProvider.over(core, " ", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service name must not be blank");
    assertThatThrownBy(() -> InProcessIdentityProvider.over(core, "x".repeat(129), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 128");
    assertThatThrownBy(
            () ->
                InProcessIdentityProvider.over(
                    core, "metacrypt", java.util.Collections.nCopies(33, "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 32 tags");
  }

  @Test
  void validationNeverThrowsForABadToken() {
    assertThat(metacrypt.validate(null))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED));
    assertThat(metacrypt.validate("x".repeat(100_000)).valid()).isFalse();
    assertThat(metacrypt.serviceName()).isEqualTo("metacrypt");
  }
}
