package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.webauthn.SoftwareAuthenticator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Passkeys end to end through the core, with a software authenticator (attestation none). */
class PasskeyTest {

  static final String ORIGIN = "https://localhost:8443";

  IdentityFixture f;
  Caller alice;
  SoftwareAuthenticator authenticator;

  @BeforeEach
  void setUp() throws Exception {
    f = IdentityFixture.create();
    f.human("alice", Role.USER);
    alice = f.callerFor("alice");
    authenticator = new SoftwareAuthenticator("localhost");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  Passkey register() throws Exception {
    PasskeyChallenge c = f.core.passkeys().startRegistration(alice);
    assertThat(c.optionsJson()).contains("\"publicKey\"").contains("\"localhost\"");
    return f.core
        .passkeys()
        .finishRegistration(
            alice, c.requestId(), authenticator.register(c.optionsJson(), ORIGIN), "laptop");
  }

  IssuedToken login(String username) throws Exception {
    PasskeyChallenge c = f.core.passkeys().startLogin(username, IdentityFixture.ADDRESS);
    return f.core
        .passkeys()
        .finishLogin(
            c.requestId(),
            authenticator.assert_(c.optionsJson(), ORIGIN),
            "metacrypt",
            IdentityFixture.ADDRESS);
  }

  @Test
  void aRegisteredPasskeySignsInWithTheSameKindOfTokenAsAPassword() throws Exception {
    Passkey passkey = register();
    assertThat(passkey.name()).isEqualTo("laptop");
    assertThat(f.core.passkeys().list(alice, alice.accountId()))
        .singleElement()
        .satisfies(p -> assertThat(p.credentialId()).isEqualTo(passkey.credentialId()));

    IssuedToken token = login("alice");
    TokenValidation.Valid valid = (TokenValidation.Valid) f.core.tokens().validate(token.token());
    assertThat(valid.claims().username()).isEqualTo("alice");
    assertThat(valid.claims().audience()).isEqualTo("metacrypt");
    assertThat(token.expiresAt()).isEqualTo(IdentityFixture.START.plus(f.settings.loginTokenTtl()));
    assertThat(f.auditEvents(IdentityAuditTypes.PASSKEY_REGISTERED)).hasSize(1);
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_SUCCESS))
        .last()
        .satisfies(e -> assertThat(e.details()).containsEntry("method", "passkey"));
    assertThat(f.core.passkeys().list(alice, alice.accountId()).get(0).signatureCount())
        .isEqualTo(1);
  }

  @Test
  void aPasskeySignsInWhileFailedPasswordsHaveLockedTheAccount() throws Exception {
    register();
    for (int i = 0; i < f.settings.lockoutThreshold(); i++) {
      int n = i;
      assertThatThrownBy(
              () ->
                  f.core
                      .login()
                      .login(
                          IdentityFixture.command(
                              "alice", "not the password at all", null, "198.51.100." + (n + 1))))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    assertThatThrownBy(
            () ->
                f.core
                    .login()
                    .login(
                        IdentityFixture.command(
                            "alice", IdentityFixture.PASSWORD, null, "203.0.113.7")))
        .isInstanceOf(DomainException.TooManyRequests.class)
        .hasMessage("account locked");

    PasskeyChallenge c = f.core.passkeys().startLogin("alice", "203.0.113.7");
    IssuedToken token =
        f.core
            .passkeys()
            .finishLogin(
                c.requestId(), authenticator.assert_(c.optionsJson(), ORIGIN), null, "203.0.113.7");
    assertThat(token.token()).isNotBlank();
    // The passkey's place is now a known source: the password works from there again.
    assertThat(
            f.core
                .login()
                .login(
                    IdentityFixture.command("alice", IdentityFixture.PASSWORD, null, "203.0.113.7"))
                .token())
        .isNotBlank();
  }

  @Test
  void aDiscoverablePasskeySignsInWithoutAUsername() throws Exception {
    register();
    IssuedToken token = login(null);
    assertThat(f.core.tokens().validate(token.token()).valid()).isTrue();
  }

  @Test
  void aReplayedAssertionIsRefused() throws Exception {
    register();
    PasskeyChallenge c = f.core.passkeys().startLogin("alice", IdentityFixture.ADDRESS);
    String assertion = authenticator.assert_(c.optionsJson(), ORIGIN);
    f.core.passkeys().finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS);

    assertThatThrownBy(
            () ->
                f.core
                    .passkeys()
                    .finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("passkey not accepted");
  }

  @Test
  void aSignatureCounterThatDoesNotGrowIsRefusedAsAPossibleClone() throws Exception {
    register();
    login("alice"); // counter 1
    login("alice"); // counter 2
    PasskeyChallenge c = f.core.passkeys().startLogin("alice", IdentityFixture.ADDRESS);
    String cloned = authenticator.assertWithCounter(c.optionsJson(), ORIGIN, 2);

    assertThatThrownBy(
            () ->
                f.core.passkeys().finishLogin(c.requestId(), cloned, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("passkey not accepted");
    assertThat(f.auditEvents(IdentityAuditTypes.PASSKEY_LOGIN_FAILURE))
        .last()
        .satisfies(
            e ->
                assertThat(e.details()).containsEntry("reason", "signature_counter_not_increased"));
  }

  @Test
  void aCeremonyFromAnotherOriginIsRefused() throws Exception {
    PasskeyChallenge reg = f.core.passkeys().startRegistration(alice);
    String phished = authenticator.register(reg.optionsJson(), "https://evil.example");
    assertThatThrownBy(
            () -> f.core.passkeys().finishRegistration(alice, reg.requestId(), phished, "laptop"))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.core.passkeys().list(alice, alice.accountId())).isEmpty();

    register();
    PasskeyChallenge c = f.core.passkeys().startLogin("alice", IdentityFixture.ADDRESS);
    String assertion = authenticator.assert_(c.optionsJson(), "https://localhost:9443");
    assertThatThrownBy(
            () ->
                f.core
                    .passkeys()
                    .finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("passkey not accepted");
    assertThat(f.auditEvents(IdentityAuditTypes.PASSKEY_LOGIN_FAILURE))
        .last()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "wrong_origin"));
  }

  @Test
  void anExpiredChallengeIsRefused() throws Exception {
    register();
    PasskeyChallenge c = f.core.passkeys().startLogin("alice", IdentityFixture.ADDRESS);
    String assertion = authenticator.assert_(c.optionsJson(), ORIGIN);
    f.clock.advance(Duration.ofMinutes(6));
    assertThatThrownBy(
            () ->
                f.core
                    .passkeys()
                    .finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void aRegistrationChallengeBelongsToTheAccountThatAskedForIt() throws Exception {
    f.human("bob", Role.USER);
    Caller bob = f.callerFor("bob");
    PasskeyChallenge c = f.core.passkeys().startRegistration(alice);
    String credential = authenticator.register(c.optionsJson(), ORIGIN);
    assertThatThrownBy(
            () -> f.core.passkeys().finishRegistration(bob, c.requestId(), credential, "stolen"))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void passkeysAreListedAndRemovedOnlyByTheirOwnerOrAnAdmin() throws Exception {
    Passkey passkey = register();
    f.human("bob", Role.USER);
    Caller bob = f.callerFor("bob");
    assertThatThrownBy(() -> f.core.passkeys().list(bob, alice.accountId()))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(
            () -> f.core.passkeys().remove(bob, alice.accountId(), passkey.credentialId()))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(() -> f.core.passkeys().remove(bob, bob.accountId(), passkey.credentialId()))
        .isInstanceOf(DomainException.NotFound.class);

    f.core.passkeys().remove(alice, alice.accountId(), passkey.credentialId());
    assertThat(f.core.passkeys().list(alice, alice.accountId())).isEmpty();
    assertThat(f.auditEvents(IdentityAuditTypes.PASSKEY_REMOVED)).hasSize(1);
    PasskeyChallenge c = f.core.passkeys().startLogin("alice", IdentityFixture.ADDRESS);
    String assertion = authenticator.assert_(c.optionsJson(), ORIGIN);
    assertThatThrownBy(
            () ->
                f.core
                    .passkeys()
                    .finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void malformedJsonIsBadInputNotAnInternalError() {
    PasskeyChallenge c = f.core.passkeys().startRegistration(alice);
    assertThatThrownBy(
            () -> f.core.passkeys().finishRegistration(alice, c.requestId(), "{not json", "x"))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void anUnknownUsernameGetsOptionsAndThenNoSignIn() throws Exception {
    register();
    PasskeyChallenge c = f.core.passkeys().startLogin("nobody", IdentityFixture.ADDRESS);
    assertThat(c.optionsJson()).contains("\"challenge\"");
    String assertion = authenticator.assert_(c.optionsJson(), ORIGIN);
    assertThatThrownBy(
            () ->
                f.core
                    .passkeys()
                    .finishLogin(c.requestId(), assertion, null, IdentityFixture.ADDRESS))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void aCoreOpenedWithoutAVerifierRefusesCeremoniesAsUnavailable() {
    try (IdentityCore bare =
        IdentityCore.open(
            IdentityStorage.inMemory(), f.settings, IdentityFixture.passphrase(), f.clock)) {
      Caller tool = Caller.offlineTool("mciasdb");
      assertThatThrownBy(() -> bare.passkeys().startLogin("alice", IdentityFixture.ADDRESS))
          .isInstanceOf(DomainException.Unavailable.class)
          .hasMessage("passkeys are not configured");
      assertThatThrownBy(
              () -> bare.passkeys().finishLogin("id", "{}", null, IdentityFixture.ADDRESS))
          .isInstanceOf(DomainException.Unavailable.class);
      assertThat(bare.passkeys().list(tool, java.util.UUID.randomUUID())).isEmpty();
    }
  }
}
