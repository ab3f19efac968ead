package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.AuthorizationRequest;
import dev.metacircular.ports.identity.in.TokenExchange;
import dev.metacircular.ports.identity.in.TokenExchange.OAuthError;
import dev.metacircular.ports.identity.in.TokenExchangeCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SsoTest {

  static final String CALLBACK = "https://crypto.example/sso/callback";

  IdentityFixture f;
  Caller admin;
  char[] secret;

  @BeforeEach
  void setUp() {
    f = IdentityFixture.create();
    admin = f.admin();
    SsoClientRegistration reg =
        f.core.ssoClients().register(admin, "metacrypt", "metacrypt", List.of(CALLBACK));
    secret = reg.clientSecret().clone();
    reg.destroy();
    f.human("alice", Role.USER);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  AuthorizationGrant authorize(String challenge) {
    return f.core
        .sso()
        .authorize(
            f.callerFor("alice"),
            new AuthorizationRequest(
                "metacrypt", CALLBACK, "code", challenge, challenge == null ? null : "S256"));
  }

  TokenExchange exchange(
      String code, String redirect, String clientId, char[] clientSecret, String verifier) {
    return f.core
        .sso()
        .exchange(
            new TokenExchangeCommand(
                "authorization_code",
                code,
                redirect,
                clientId,
                clientSecret == null ? null : clientSecret.clone(),
                verifier,
                "198.51.100.7"));
  }

  static void assertRefused(TokenExchange result, OAuthError error, String description) {
    assertThat(result).isInstanceOf(TokenExchange.Refused.class);
    TokenExchange.Refused refused = (TokenExchange.Refused) result;
    assertThat(refused.error()).isEqualTo(error);
    assertThat(refused.description()).isEqualTo(description);
  }

  static String s256(String verifier) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aCodeExchangesOnceForALoginTokenWhoseAudienceIsTheClientsService() {
    AuthorizationGrant grant = authorize(null);
    assertThat(grant.expiresAt()).isEqualTo(IdentityFixture.START.plusSeconds(60));
    assertThat(grant.redirectLocation("st&te"))
        .startsWith(CALLBACK + "?code=")
        .endsWith("&state=st%26te");

    TokenExchange result = exchange(grant.code(), CALLBACK, "metacrypt", secret, null);

    assertThat(result).isInstanceOf(TokenExchange.Issued.class);
    String token = ((TokenExchange.Issued) result).token().token();
    TokenValidation.Valid valid = (TokenValidation.Valid) f.core.tokens().validate(token);
    assertThat(valid.claims().username()).isEqualTo("alice");
    assertThat(valid.claims().audience()).isEqualTo("metacrypt");
    assertThat(valid.claims().expiresAt())
        .isEqualTo(IdentityFixture.START.plus(f.settings.loginTokenTtl()));
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CODE_ISSUED)).hasSize(1);
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CODE_EXCHANGED)).hasSize(1);
  }

  @Test
  void aReusedCodeIsRefusedAndRevokesTheTokenItProduced() {
    AuthorizationGrant grant = authorize(null);
    String token =
        ((TokenExchange.Issued) exchange(grant.code(), CALLBACK, "metacrypt", secret, null))
            .token()
            .token();

    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "authorization code already used");
    assertThat(f.core.tokens().validate(token).valid()).isFalse();
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_TOKEN_REFUSED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("error", "invalid_grant"));
  }

  @Test
  void anExpiredCodeIsRefused() {
    AuthorizationGrant grant = authorize(null);
    f.clock.advance(Duration.ofSeconds(60));
    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "authorization code expired");
  }

  @Test
  void aCodeIsBoundToItsClientAndRedirectUri() {
    SsoClientRegistration other =
        f.core
            .ssoClients()
            .register(admin, "other", "other", List.of("https://other.example/cb", CALLBACK));
    AuthorizationGrant grant = authorize(null);

    assertRefused(
        exchange(grant.code(), CALLBACK, "other", other.clientSecret(), null),
        OAuthError.INVALID_GRANT,
        "authorization code was issued to another client");
    assertRefused(
        exchange(grant.code(), "https://crypto.example/sso/callback2", "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "redirect_uri does not match the authorization request");
    // Refusals do not spend the code.
    assertThat(exchange(grant.code(), CALLBACK, "metacrypt", secret, null))
        .isInstanceOf(TokenExchange.Issued.class);
  }

  @Test
  void theClientMustAuthenticateWithItsCurrentSecret() {
    AuthorizationGrant grant = authorize(null);
    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", "wrong".toCharArray(), null),
        OAuthError.INVALID_CLIENT,
        "client authentication failed");
    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", null, null),
        OAuthError.INVALID_CLIENT,
        "client authentication failed");
    assertRefused(
        exchange(grant.code(), CALLBACK, "nobody", secret, null),
        OAuthError.INVALID_CLIENT,
        "client authentication failed");

    SsoClientRegistration rotated = f.core.ssoClients().rotateSecret(admin, "metacrypt");
    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_CLIENT,
        "client authentication failed");
    assertThat(exchange(grant.code(), CALLBACK, "metacrypt", rotated.clientSecret(), null))
        .isInstanceOf(TokenExchange.Issued.class);
  }

  @Test
  void requestErrorsHaveTheirOAuthCodes() {
    assertRefused(
        f.core
            .sso()
            .exchange(
                new TokenExchangeCommand(
                    "password", "x", CALLBACK, "metacrypt", secret.clone(), null, "")),
        OAuthError.UNSUPPORTED_GRANT_TYPE,
        "only grant_type authorization_code is supported");
    assertRefused(
        f.core
            .sso()
            .exchange(
                new TokenExchangeCommand(
                    null, "x", CALLBACK, "metacrypt", secret.clone(), null, "")),
        OAuthError.INVALID_REQUEST,
        "grant_type is required");
    assertRefused(
        exchange(null, CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_REQUEST,
        "code is required");
    assertRefused(
        exchange("made-up", CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "invalid authorization code");
  }

  @Test
  void pkceS256IsEnforcedWhenTheRequestHadAChallenge() throws Exception {
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    AuthorizationGrant grant = authorize(s256(verifier));

    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "code_verifier is required");
    assertRefused(
        exchange(
            grant.code(),
            CALLBACK,
            "metacrypt",
            secret,
            "xBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        OAuthError.INVALID_GRANT,
        "code_verifier does not match the code_challenge");
    assertThat(exchange(grant.code(), CALLBACK, "metacrypt", secret, verifier))
        .isInstanceOf(TokenExchange.Issued.class);

    AuthorizationGrant plain = authorize(null);
    assertRefused(
        exchange(plain.code(), CALLBACK, "metacrypt", secret, verifier),
        OAuthError.INVALID_GRANT,
        "code_verifier sent but the authorization request had no code_challenge");
  }

  @Test
  void authorizeRefusesUnknownClientsUnregisteredUrisAndBadParameters() {
    Caller alice = f.callerFor("alice");
    assertThatThrownBy(
            () ->
                f.core
                    .sso()
                    .authorize(
                        alice, new AuthorizationRequest("nobody", CALLBACK, "code", null, null)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown client");
    for (String uri :
        List.of(
            CALLBACK + "/",
            CALLBACK + "?x=1",
            "https://crypto.example/sso",
            "https://evil.example/sso/callback")) {
      assertThatThrownBy(
              () ->
                  f.core
                      .sso()
                      .authorize(
                          alice, new AuthorizationRequest("metacrypt", uri, "code", null, null)))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessage("redirect_uri is not registered for this client");
    }
    assertThatThrownBy(
            () ->
                f.core
                    .sso()
                    .authorize(
                        alice,
                        new AuthorizationRequest("metacrypt", CALLBACK, "token", null, null)))
        .hasMessage("response_type must be code");
    assertThatThrownBy(
            () ->
                f.core
                    .sso()
                    .authorize(
                        alice,
                        new AuthorizationRequest(
                            "metacrypt",
                            CALLBACK,
                            "code",
                            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                            "plain")))
        .hasMessage("code_challenge_method must be S256");
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CODE_ISSUED)).isEmpty();
  }

  @Test
  void theLoginPolicyForTheClientsServiceApplies() {
    f.core
        .loginPolicy()
        .create(
            admin,
            new PolicyRule(
                null,
                5,
                Effect.DENY,
                "no sso",
                new SubjectMatch(List.of("alice"), null, null),
                new ResourceMatch(List.of("metacrypt"), null, null, null),
                List.of("login")));
    assertThatThrownBy(() -> authorize(null))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
  }

  @Test
  void anAccountDeactivatedBetweenCodeAndExchangeGetsNoToken() {
    AuthorizationGrant grant = authorize(null);
    var alice = f.storage.accounts().findByUsername("alice").orElseThrow();
    f.core
        .accounts()
        .update(admin, alice.id(), new UpdateAccountCommand(AccountStatus.INACTIVE, null));
    assertRefused(
        exchange(grant.code(), CALLBACK, "metacrypt", secret, null),
        OAuthError.INVALID_GRANT,
        "account cannot sign in");
  }

  @Test
  void clientAdministrationNeedsAnAdminAndValidatesRedirectUris() {
    Caller alice = f.callerFor("alice");
    assertThatThrownBy(() -> f.core.ssoClients().list(alice))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(
            () ->
                f.core.ssoClients().register(admin, "x", "x", List.of("http://crypto.example/cb")))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(
            () ->
                f.core
                    .ssoClients()
                    .register(admin, "x", "x", List.of("https://crypto.example/cb#frag")))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(
            () ->
                f.core
                    .ssoClients()
                    .register(admin, "metacrypt", "x", List.of("https://crypto.example/cb")))
        .isInstanceOf(DomainException.Conflict.class);

    SsoClient updated =
        f.core
            .ssoClients()
            .update(admin, "metacrypt", "metacrypt", List.of("https://new.example/cb"));
    assertThat(updated.redirectUris()).containsExactly("https://new.example/cb");
    assertThat(f.core.ssoClients().list(admin))
        .extracting(SsoClient::clientId)
        .containsExactly("metacrypt");
    f.core.ssoClients().delete(admin, "metacrypt");
    assertThatThrownBy(() -> f.core.ssoClients().get(admin, "metacrypt"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CLIENT_CREATED)).hasSize(1);
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CLIENT_UPDATED)).hasSize(1);
    assertThat(f.auditEvents(IdentityAuditTypes.SSO_CLIENT_DELETED)).hasSize(1);
  }
}
