package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.Ed25519PublicKey;
import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenValidationTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Account alice;
  private IssuedToken token;

  @BeforeEach
  void login() {
    alice = f.human("alice", Role.USER, Role.ADMIN);
    token = f.login("alice");
  }

  @AfterEach
  void close() {
    f.close();
  }

  private TokenValidation validate(String t) {
    return f.core.tokens().validate(t);
  }

  private static TokenValidation invalid(TokenValidation.Reason reason) {
    return new TokenValidation.Invalid(reason);
  }

  private String kid() {
    return f.core.tokens().publicKey().keyId();
  }

  @Test
  void aFreshTokenIsValidAndCarriesTheClaims() {
    TokenValidation v = validate(token.token());

    assertThat(v.valid()).isTrue();
    var claims = ((TokenValidation.Valid) v).claims();
    assertThat(claims.issuer()).isEqualTo(IdentityFixture.ISSUER);
    assertThat(claims.roles()).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
    assertThat(claims.issuedAt()).isEqualTo(IdentityFixture.START);
    assertThat(claims.expiresAt()).isEqualTo(token.expiresAt());
    String payload = ForgedTokens.decodedPayload(token.token());
    assertThat(payload)
        .contains(
            "\"iss\"",
            "\"sub\"",
            "\"jti\"",
            "\"iat\"",
            "\"exp\"",
            "\"username\"",
            "\"roles\"",
            "\"account_type\"")
        // A login without service_name is a token for the identity service itself.
        .contains("\"aud\":\"mcias\"");
    assertThat(claims.audience()).isEqualTo("mcias");
  }

  @Test
  void aServiceNamedAtLoginBecomesTheAudience() {
    IssuedToken forMetacrypt =
        f.core
            .login()
            .login(
                new LoginCommand(
                    "alice", IdentityFixture.PASSWORD.toCharArray(), null, "metacrypt", null, ""));

    assertThat(ForgedTokens.decodedPayload(forMetacrypt.token())).contains("\"aud\":\"metacrypt\"");
    assertThat(validate(forMetacrypt.token()).valid()).isTrue();
  }

  @Test
  void aTokenExpiresWithTheClock() {
    assertThat(validate(token.token()).valid()).isTrue();
    f.clock.advance(Duration.ofHours(12).minusSeconds(1));
    assertThat(validate(token.token()).valid()).isTrue();

    f.clock.advance(Duration.ofSeconds(1));

    assertThat(validate(token.token())).isEqualTo(invalid(TokenValidation.Reason.EXPIRED));
  }

  @Test
  void revocationTakesEffectAtOnceEvenForACachedToken() {
    assertThat(validate(token.token()).valid()).isTrue();
    assertThat(validate(token.token()).valid()).isTrue();

    f.core.tokenAdmin().revoke(f.tool, token.jti(), "test");

    assertThat(validate(token.token())).isEqualTo(invalid(TokenValidation.Reason.REVOKED));
  }

  @Test
  void aTokenWhoseRecordWasPrunedOrNeverStoredIsNotValid() {
    f.clock.advance(Duration.ofHours(13));
    f.core.tokenAdmin().pruneExpired(f.tool);
    f.clock.set(IdentityFixture.START);

    assertThat(validate(token.token())).isEqualTo(invalid(TokenValidation.Reason.REVOKED));
  }

  @Test
  void aDeactivatedAccountsTokensAreNotValid() {
    f.core
        .accounts()
        .update(f.tool, alice.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));

    assertThat(validate(token.token()).valid()).isFalse();
  }

  @Test
  void anAccountDeactivatedBehindTheCoresBackInvalidatesItsTokens() {
    // As an offline tool writing the database directly would, without revoking anything.
    var stored = f.stored(alice.id());
    f.storage
        .accounts()
        .update(
            dev.metacircular.domain.identity.account.AccountChanges.withStatus(
                stored, AccountStatus.INACTIVE, f.clock.instant()));

    assertThat(validate(token.token()))
        .isEqualTo(invalid(TokenValidation.Reason.ACCOUNT_NOT_ACTIVE));
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    // Same database and master key, so the same signing key: only the issuer differs.
    try (IdentityFixture other =
        IdentityFixture.over(
            f.storage,
            f.clock,
            s ->
                new IdentitySettings(
                    "https://elsewhere.test",
                    s.loginTokenTtl(),
                    s.serviceTokenTtl(),
                    s.passwordHashing(),
                    s.masterKeyKdf(),
                    s.loginRatePerSecond(),
                    s.loginBurst(),
                    s.lockout(),
                    s.verificationCacheSize(),
                    s.audience(),
                    s.maxSessionLifetime()))) {
      IssuedToken foreign = other.login("alice");
      assertThat(other.core.tokens().validate(foreign.token()).valid()).isTrue();

      assertThat(validate(foreign.token())).isEqualTo(invalid(TokenValidation.Reason.WRONG_ISSUER));
    }
  }

  @Test
  void algNoneIsRefusedBeforeAnythingElse() {
    String forged = ForgedTokens.algNone(kid(), ForgedTokens.payloadOf(token.token()));

    assertThat(validate(forged)).isEqualTo(invalid(TokenValidation.Reason.WRONG_ALGORITHM));
  }

  @Test
  void hmacKeyedWithThePublicKeyIsRefused() {
    byte[] publicRaw = Base64.getUrlDecoder().decode(f.core.tokens().publicKey().x());
    String forged = ForgedTokens.hs256(kid(), ForgedTokens.payloadOf(token.token()), publicRaw);

    assertThat(validate(forged)).isEqualTo(invalid(TokenValidation.Reason.WRONG_ALGORITHM));
  }

  @Test
  void anotherKeyClaimingOurKidHasABadSignature() {
    try (Ed25519SigningKey attacker = Ed25519SigningKey.generate()) {
      String payload = ForgedTokens.decodedPayload(token.token());

      String forged = ForgedTokens.signedBy(attacker, kid(), payload);
      String unknownKid = ForgedTokens.signedBy(attacker, attacker.publicKey().keyId(), payload);

      assertThat(validate(forged)).isEqualTo(invalid(TokenValidation.Reason.BAD_SIGNATURE));
      assertThat(validate(unknownKid)).isEqualTo(invalid(TokenValidation.Reason.BAD_SIGNATURE));
    }
  }

  @Test
  void aRealTokenWithEditedClaimsHasABadSignatureEvenAfterItWasCached() {
    assertThat(validate(token.token()).valid()).isTrue();
    String[] parts = token.token().split("\\.");
    String escalated =
        ForgedTokens.decodedPayload(token.token())
            .replace("\"user\"", "\"admin\"")
            .replace("alice", "root");
    String forged = parts[0] + "." + ForgedTokens.b64(escalated) + "." + parts[2];

    assertThat(validate(forged)).isEqualTo(invalid(TokenValidation.Reason.BAD_SIGNATURE));
  }

  @Test
  void garbageIsMalformed() {
    assertThat(validate(null)).isEqualTo(invalid(TokenValidation.Reason.MALFORMED));
    assertThat(validate("")).isEqualTo(invalid(TokenValidation.Reason.MALFORMED));
    assertThat(validate("a.b.c")).isEqualTo(invalid(TokenValidation.Reason.MALFORMED));
    assertThat(validate("x".repeat(100_000))).isEqualTo(invalid(TokenValidation.Reason.MALFORMED));
  }

  @Test
  void thePublicKeyVerifiesIssuedTokens() {
    PublicSigningKey key = f.core.tokens().publicKey();

    assertThat(key.algorithm()).isEqualTo("EdDSA");
    assertThat(key.curve()).isEqualTo("Ed25519");
    Ed25519PublicKey fromPem = Ed25519PublicKey.fromPem(key.pem());
    assertThat(fromPem.keyId()).isEqualTo(key.keyId());
    assertThat(Ed25519PublicKey.fromRaw(Base64.getUrlDecoder().decode(key.x()))).isEqualTo(fromPem);
    String[] parts = token.token().split("\\.");
    assertThat(
            fromPem.verify(
                (parts[0] + "." + parts[1]).getBytes(), Base64.getUrlDecoder().decode(parts[2])))
        .isTrue();
  }

  @Test
  void authenticateGivesTheCallerTheTokenStandsFor() {
    var caller = f.core.tokens().authenticate(token.token(), "192.0.2.1");

    assertThat(caller.accountId()).isEqualTo(alice.id());
    assertThat(caller.roles()).isEqualTo(Set.of(Role.ADMIN, Role.USER));
    assertThat(caller.roleNames()).containsExactly("admin", "user");
    assertThat(caller.isAdmin()).isTrue();
    assertThat(caller.jti()).isEqualTo(token.jti());
    assertThat(caller.accountType()).isEqualTo(AccountType.HUMAN);
    assertThat(caller.accountTypeName()).isEqualTo("human");
  }
}
