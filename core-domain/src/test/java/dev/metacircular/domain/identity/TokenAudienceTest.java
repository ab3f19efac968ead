package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every token names exactly one audience; the identity service's own API accepts only its own,
 * relying services only theirs, and a token with no audience is never a wildcard (issue 9 items 1,
 * 2 and 12).
 */
class TokenAudienceTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Account alice;
  private Account root;

  @BeforeEach
  void accounts() {
    alice = f.human("alice", Role.USER);
    root = f.human("root", Role.ADMIN);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private IssuedToken login(String username, String service, List<String> tags) {
    return f.core
        .login()
        .login(
            new LoginCommand(
                username,
                IdentityFixture.PASSWORD.toCharArray(),
                null,
                service,
                tags,
                IdentityFixture.ADDRESS));
  }

  private String audienceOf(String token) {
    return ((TokenValidation.Valid) f.core.tokens().validate(token)).claims().audience();
  }

  @Test
  void aLoginWithoutServiceNameIsATokenForTheIdentityServiceOnly() {
    for (String none : new String[] {null, "", "   "}) {
      IssuedToken token = login("root", none, null);

      assertThat(audienceOf(token.token())).isEqualTo("mcias");
      assertThat(f.core.tokens().authenticate(token.token(), "").name()).isEqualTo("root");
      assertThat(f.core.tokens().validate(token.token(), "metacrypt"))
          .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE));
    }
  }

  @Test
  void theIdentityApiRefusesAnAdminTokenMintedForAnotherService() {
    IssuedToken other = login("root", "otherapp", null);

    assertThat(f.core.tokens().validate(other.token()).valid()).isTrue();
    assertThatThrownBy(() -> f.core.tokens().authenticate(other.token(), ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
  }

  @Test
  void aConfiguredAudienceReplacesMcias() {
    try (IdentityFixture named = IdentityFixture.create(s -> s.withAudience("auth"))) {
      named.human("bob", Role.ADMIN);
      String token = named.login("bob").token();

      assertThat(((TokenValidation.Valid) named.core.tokens().validate(token)).claims().audience())
          .isEqualTo("auth");
      assertThat(named.core.tokens().authenticate(token, "").name()).isEqualTo("bob");
      IssuedToken mcias =
          named
              .core
              .login()
              .login(
                  new LoginCommand(
                      "bob", IdentityFixture.PASSWORD.toCharArray(), null, "mcias", null, ""));
      assertThatThrownBy(() -> named.core.tokens().authenticate(mcias.token(), ""))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
  }

  @Test
  void validationAnswersTheAudienceAndChecksOneWhenAsked() {
    IssuedToken crypto = login("alice", "metacrypt", null);

    assertThat(audienceOf(crypto.token())).isEqualTo("metacrypt");
    assertThat(f.core.tokens().validate(crypto.token(), "metacrypt").valid()).isTrue();
    assertThat(f.core.tokens().validate(crypto.token(), "mcias"))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE));
  }

  @Test
  void aServiceTokenIsForTheServiceNamedAtIssueOrElseTheIdentityService() {
    Account ci = f.system("ci");
    IssuedToken forCrypto =
        f.core.tokenAdmin().issueServiceToken(f.tool, ci.id(), Duration.ofDays(1), "metacrypt");
    IssuedToken forIdentity =
        f.core.tokenAdmin().issueServiceToken(f.tool, ci.id(), Duration.ofDays(1));

    assertThat(audienceOf(forCrypto.token())).isEqualTo("metacrypt");
    assertThat(audienceOf(forIdentity.token())).isEqualTo("mcias");
    assertThat(f.storage.tokens().find(forCrypto.jti()).orElseThrow().audience())
        .isEqualTo("metacrypt");
    assertThatThrownBy(
            () -> f.core.tokenAdmin().issueServiceToken(f.tool, ci.id(), null, "x".repeat(129)))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void aRelyingServiceAcceptsOnlyTokensOfItsOwnAudience() {
    DelegatedAuthenticator crypto =
        new DelegatedAuthenticator(InProcessIdentityProvider.over(f.core, "metacrypt", List.of()));

    assertThat(crypto.authenticate(login("alice", "metacrypt", null).token(), "").name())
        .isEqualTo("alice");
    for (String service : new String[] {null, "", "otherapp"}) {
      String token = login("alice", service, null).token();
      assertThatThrownBy(() -> crypto.authenticate(token, ""))
          .as("a token for %s", service)
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("invalid or expired token");
    }
  }

  @Test
  void theLoginPolicyJudgesTheAudienceTheTokenIsMintedFor() {
    // Non-admins may not log in to metacrypt; admins may.
    f.core
        .loginPolicy()
        .create(
            f.tool,
            rule(
                "admins-to-crypto",
                10,
                Effect.ALLOW,
                new SubjectMatch(null, List.of("admin"), null),
                List.of("metacrypt"),
                null));
    f.core
        .loginPolicy()
        .create(
            f.tool,
            rule(
                "nobody-else-to-crypto",
                20,
                Effect.DENY,
                SubjectMatch.any(),
                List.of("metacrypt"),
                null));
    // And nobody may log in to the identity service itself with the "guest-kiosk" tag.
    f.core
        .loginPolicy()
        .create(
            f.tool,
            rule(
                "no-kiosk-on-identity",
                30,
                Effect.DENY,
                SubjectMatch.any(),
                List.of("mcias"),
                List.of("guest-kiosk")));

    assertThatThrownBy(() -> login("alice", "metacrypt", null))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(login("root", "metacrypt", null).token()).isNotBlank();
    // Without service_name the rule for mcias applies (no audience is no escape from the policy).
    assertThatThrownBy(() -> login("alice", null, List.of("guest-kiosk")))
        .isInstanceOf(DomainException.Forbidden.class);
    // And the token alice can get without service_name is no key to metacrypt.
    String identityToken = login("alice", null, null).token();
    DelegatedAuthenticator crypto =
        new DelegatedAuthenticator(InProcessIdentityProvider.over(f.core, "metacrypt", List.of()));
    assertThatThrownBy(() -> crypto.authenticate(identityToken, ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void aTokenWithoutAnAudienceOrWithSeveralIsMalformedEvenWithTheRealKey() {
    IssuedToken real = f.login("alice");
    String claimsWithout = claims(alice.id(), real.jti(), null);
    String claimsWithList = claims(alice.id(), real.jti(), "[\"mcias\",\"metacrypt\"]");
    String claimsWithBlank = claims(alice.id(), real.jti(), "\"\"");

    withRealKey(
        key -> {
          for (String payload : List.of(claimsWithout, claimsWithList, claimsWithBlank)) {
            assertThat(
                    f.core
                        .tokens()
                        .validate(ForgedTokens.signedBy(key, key.publicKey().keyId(), payload)))
                .as(payload)
                .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED));
          }
          return null;
        });
  }

  @Test
  void aSignedTokenWhoseSubjectIsNotItsRecordsAccountIsRefused() {
    // Alice's record, a token that says it is root's: even correctly signed, not the token
    // that record makes valid.
    IssuedToken alices = f.login("alice");
    String rootWithAlicesJti = claims(root.id(), alices.jti(), "\"mcias\"");
    String aliceAsSheIs = claims(alice.id(), alices.jti(), "\"mcias\"");

    withRealKey(
        key -> {
          String kid = key.publicKey().keyId();
          assertThat(
                  f.core.tokens().validate(ForgedTokens.signedBy(key, kid, aliceAsSheIs)).valid())
              .as("the same claims with the right subject validate: the forgery is otherwise sound")
              .isTrue();
          String forged = ForgedTokens.signedBy(key, kid, rootWithAlicesJti);
          assertThat(f.core.tokens().validate(forged))
              .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.REVOKED));
          assertThatThrownBy(() -> f.core.tokens().authenticate(forged, ""))
              .isInstanceOf(DomainException.Unauthenticated.class);
          return null;
        });
  }

  @Test
  void aSignedTokenWhoseAudienceIsNotItsRecordsIsRefused() {
    IssuedToken forCrypto = login("alice", "metacrypt", null);
    String retargeted = claims(alice.id(), forCrypto.jti(), "\"mcias\"");

    withRealKey(
        key -> {
          assertThat(
                  f.core
                      .tokens()
                      .validate(ForgedTokens.signedBy(key, key.publicKey().keyId(), retargeted)))
              .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.REVOKED));
          return null;
        });
  }

  @Test
  void anSsoClientCannotStandForTheIdentityServiceItself() {
    assertThatThrownBy(
            () ->
                f.core
                    .ssoClients()
                    .register(
                        f.tool, "sneaky", "mcias", List.of("https://sneaky.example/callback")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("identity service's own audience");
    f.core
        .ssoClients()
        .register(f.tool, "crypto", "metacrypt", List.of("https://crypto.example/callback"));
    assertThatThrownBy(
            () ->
                f.core
                    .ssoClients()
                    .update(f.tool, "crypto", "mcias", List.of("https://crypto.example/callback")))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void aNewRecordRemembersItsAudience() {
    IssuedToken token = login("alice", "metacrypt", List.of("env:prod"));
    TokenRecord record = f.storage.tokens().find(token.jti()).orElseThrow();

    assertThat(record.audience()).isEqualTo("metacrypt");
    assertThat(record.tags()).containsExactly("env:prod");
    assertThat(record.sessionStartedAt()).isEqualTo(IdentityFixture.START);
  }

  private static PolicyRule rule(
      String id,
      int priority,
      Effect effect,
      SubjectMatch subjects,
      List<String> services,
      List<String> tags) {
    return new PolicyRule(
        id,
        priority,
        effect,
        "test rule",
        subjects,
        new ResourceMatch(services, tags, null, null),
        List.of("login"));
  }

  /** The claims of a token as the mint writes them, {@code aud} given as raw JSON or absent. */
  private String claims(UUID subject, String jti, String audJson) {
    long iat = f.clock.instant().getEpochSecond();
    return "{\"iss\":\""
        + IdentityFixture.ISSUER
        + "\",\"sub\":\""
        + subject
        + "\","
        + (audJson == null ? "" : "\"aud\":" + audJson + ",")
        + "\"jti\":\""
        + jti
        + "\",\"iat\":"
        + iat
        + ",\"exp\":"
        + (iat + 3600)
        + ",\"username\":\"x\",\"roles\":[\"admin\"],\"account_type\":\"human\"}";
  }

  /** Runs {@code use} with the database's real signing key, as an attacker who stole it. */
  private void withRealKey(Function<Ed25519SigningKey, Void> use) {
    try (IdentityKeys keys =
        MasterKeyOpening.open(
            f.storage.settings(),
            f.storage.transactions(),
            f.settings.masterKeyKdf(),
            IdentityFixture.passphrase())) {
      use.apply(keys.signing());
    }
  }
}
