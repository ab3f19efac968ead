package dev.metacircular.domain.identity.sso;

import dev.metacircular.crypto.ConstantTime;
import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.identity.policy.LoginPolicy;
import dev.metacircular.domain.identity.token.TokenMint;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.AuthorizationRequest;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenExchange;
import dev.metacircular.ports.identity.in.TokenExchange.OAuthError;
import dev.metacircular.ports.identity.in.TokenExchangeCommand;
import dev.metacircular.ports.identity.out.AccountStore;
import dev.metacircular.ports.identity.out.AuthorizationCodeStore;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.identity.out.StoredAuthorizationCode;
import dev.metacircular.ports.identity.out.StoredSsoClient;
import dev.metacircular.ports.identity.out.TokenStore;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.storage.out.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The authorization-code flow. Codes are 256-bit random values stored as SHA-256, single use, valid
 * for {@link SsoUseCase#CODE_TTL}, bound to client, redirect URI, account and PKCE challenge. Every
 * issuance and every refusal at the token endpoint is audited.
 */
public final class SsoAuthorization implements SsoUseCase {

  /** How long used codes are kept so that a replay is recognised (and its token revoked). */
  static final Duration USED_CODE_RETENTION = Duration.ofMinutes(10);

  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final String UNKNOWN_CLIENT = "unknown client";
  private static final String UNREGISTERED_URI = "redirect_uri is not registered for this client";

  /** What the flow needs, gathered so the constructor stays readable. */
  public record Dependencies(
      SsoClientStore clients,
      AuthorizationCodeStore codes,
      AccountStore accounts,
      TokenStore tokens,
      Transactions transactions,
      LoginPolicy policy,
      TokenMint mint,
      Auditor auditor,
      Clock clock) {}

  private final Dependencies d;
  private final Duration tokenTtl;

  public SsoAuthorization(Dependencies dependencies, Duration tokenTtl) {
    this.d = Objects.requireNonNull(dependencies, "dependencies");
    this.tokenTtl = Objects.requireNonNull(tokenTtl, "tokenTtl");
  }

  @Override
  public SsoClient checkClient(String clientId, String redirectUri) {
    StoredSsoClient client = clientId == null ? null : d.clients().find(clientId).orElse(null);
    if (client == null) {
      throw new DomainException.InvalidInput(UNKNOWN_CLIENT);
    }
    if (!client.client().allowsRedirectTo(redirectUri)) {
      throw new DomainException.InvalidInput(UNREGISTERED_URI);
    }
    return client.client();
  }

  @Override
  public AuthorizationGrant authorize(Caller caller, AuthorizationRequest request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(request, "request");
    SsoClient client = checkClient(request.clientId(), request.redirectUri());
    request.requireValidParameters();
    StoredAccount account =
        caller.accountId() == null ? null : d.accounts().findById(caller.accountId()).orElse(null);
    if (account == null || !maySignIn(account)) {
      throw new DomainException.Unauthenticated("account cannot sign in");
    }
    Explanation decision =
        d.policy().evaluate(account.toAccount(), client.serviceName(), List.of());
    if (!decision.allowed()) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("rule", decision.rule() == null ? "" : decision.rule().id());
      details.put("reason", decision.reason());
      details.put("service", client.serviceName());
      details.put("client_id", client.clientId());
      d.auditor()
          .record(
              IdentityAuditTypes.LOGIN_DENIED_BY_POLICY,
              account.username(),
              account.id().toString(),
              caller.sourceAddress(),
              details);
      throw new DomainException.Forbidden("login denied by policy");
    }
    Instant now = d.clock().instant();
    char[] secret = SsoSecrets.newSecret();
    String code = new String(secret);
    Arrays.fill(secret, '\0');
    Instant expires = now.plus(CODE_TTL);
    d.transactions()
        .run(
            () -> {
              d.codes().deleteExpired(now.minus(USED_CODE_RETENTION));
              d.codes()
                  .insert(
                      new StoredAuthorizationCode(
                          SsoSecrets.codeHash(code),
                          client.clientId(),
                          request.redirectUri(),
                          account.id(),
                          request.codeChallenge(),
                          now,
                          expires,
                          null,
                          null));
              d.auditor()
                  .record(
                      IdentityAuditTypes.SSO_CODE_ISSUED,
                      account.id().toString(),
                      client.clientId(),
                      caller.sourceAddress(),
                      Map.of(
                          "client_id",
                          client.clientId(),
                          "redirect_uri",
                          request.redirectUri(),
                          "pkce",
                          request.codeChallenge() == null ? "no" : "S256"));
            });
    return new AuthorizationGrant(code, request.redirectUri(), expires);
  }

  private static boolean maySignIn(StoredAccount a) {
    return a.status() == AccountStatus.ACTIVE && a.type() == AccountType.HUMAN;
  }

  @Override
  public TokenExchange exchange(TokenExchangeCommand c) {
    Objects.requireNonNull(c, "command");
    if (c.grantType() == null || c.grantType().isEmpty()) {
      return refuse(c, null, OAuthError.INVALID_REQUEST, "grant_type is required");
    }
    if (!"authorization_code".equals(c.grantType())) {
      return refuse(
          c,
          null,
          OAuthError.UNSUPPORTED_GRANT_TYPE,
          "only grant_type authorization_code is supported");
    }
    if (!clientAuthenticated(c)) {
      return refuse(c, null, OAuthError.INVALID_CLIENT, "client authentication failed");
    }
    if (c.code() == null || c.code().isEmpty()) {
      return refuse(c, null, OAuthError.INVALID_REQUEST, "code is required");
    }
    if (c.redirectUri() == null || c.redirectUri().isEmpty()) {
      return refuse(c, null, OAuthError.INVALID_REQUEST, "redirect_uri is required");
    }
    String hash = SsoSecrets.codeHash(c.code());
    StoredAuthorizationCode code = d.codes().find(hash).orElse(null);
    if (code == null) {
      return refuse(c, null, OAuthError.INVALID_GRANT, "invalid authorization code");
    }
    if (!code.clientId().equals(c.clientId())) {
      return refuse(
          c, code, OAuthError.INVALID_GRANT, "authorization code was issued to another client");
    }
    if (code.used()) {
      return refuseReplay(c, code);
    }
    Instant now = d.clock().instant();
    if (!now.isBefore(code.expiresAt())) {
      return refuse(c, code, OAuthError.INVALID_GRANT, "authorization code expired");
    }
    if (!code.redirectUri().equals(c.redirectUri())) {
      return refuse(
          c,
          code,
          OAuthError.INVALID_GRANT,
          "redirect_uri does not match the authorization request");
    }
    Optional<TokenExchange.Refused> pkce = checkPkce(c, code);
    if (pkce.isPresent()) {
      return refuse(c, code, pkce.get().error(), pkce.get().description());
    }
    return issue(c, code, hash);
  }

  private boolean clientAuthenticated(TokenExchangeCommand c) {
    if (c.clientId() == null || c.clientSecret() == null || c.clientSecret().length == 0) {
      return false;
    }
    Optional<StoredSsoClient> client = d.clients().find(c.clientId());
    byte[] presented = SsoSecrets.sha256(c.clientSecret());
    // Compare against something even for an unknown client, so both take the same time.
    byte[] expected = client.map(StoredSsoClient::secretHash).orElseGet(() -> new byte[32]);
    return ConstantTime.equals(presented, expected) && client.isPresent();
  }

  private static Optional<TokenExchange.Refused> checkPkce(
      TokenExchangeCommand c, StoredAuthorizationCode code) {
    String verifier = c.codeVerifier();
    if (code.codeChallenge() == null) {
      if (verifier != null && !verifier.isEmpty()) {
        // RFC 9700 §2.1.1: a verifier for a request without a challenge is a downgrade attempt.
        return Optional.of(
            new TokenExchange.Refused(
                OAuthError.INVALID_GRANT,
                "code_verifier sent but the authorization request had no code_challenge"));
      }
      return Optional.empty();
    }
    if (verifier == null || verifier.isEmpty()) {
      return Optional.of(
          new TokenExchange.Refused(OAuthError.INVALID_GRANT, "code_verifier is required"));
    }
    if (!VERIFIER.matcher(verifier).matches()
        || !ConstantTime.equals(SsoSecrets.s256(verifier), code.codeChallenge())) {
      return Optional.of(
          new TokenExchange.Refused(
              OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge"));
    }
    return Optional.empty();
  }

  private TokenExchange issue(TokenExchangeCommand c, StoredAuthorizationCode code, String hash) {
    StoredAccount account = d.accounts().findById(code.accountId()).orElse(null);
    if (account == null || !maySignIn(account)) {
      return refuse(c, code, OAuthError.INVALID_GRANT, "account cannot sign in");
    }
    StoredSsoClient client = d.clients().find(code.clientId()).orElse(null);
    if (client == null) {
      return refuse(c, code, OAuthError.INVALID_CLIENT, "client authentication failed");
    }
    String service = client.client().serviceName();
    if (service.equals(d.mint().ownAudience())) {
      // A client registered for the identity service's own name (before registration refused
      // it) would hand out tokens its admin API accepts.
      return refuse(
          c, code, OAuthError.INVALID_CLIENT, "client names the identity service's own audience");
    }
    TokenMint.Minted minted =
        d.mint().mint(account.toAccount(), TokenRecord.Kind.LOGIN, tokenTtl, service);
    String jti = minted.record().jti();
    boolean won =
        d.transactions()
            .inTransaction(
                () -> {
                  if (!d.codes().markUsed(hash, d.clock().instant(), jti)) {
                    return false;
                  }
                  d.tokens().insert(minted.record());
                  String id = account.id().toString();
                  d.auditor()
                      .record(
                          IdentityAuditTypes.SSO_CODE_EXCHANGED,
                          c.clientId(),
                          id,
                          c.sourceAddress(),
                          Map.of("client_id", c.clientId(), "jti", jti, "service", service));
                  d.auditor()
                      .record(
                          IdentityAuditTypes.TOKEN_ISSUED,
                          c.clientId(),
                          jti,
                          c.sourceAddress(),
                          Map.of(
                              "account_id",
                              id,
                              "kind",
                              "login",
                              "service",
                              service,
                              "expires_at",
                              minted.record().expiresAt().toString()));
                  return true;
                });
    if (!won) {
      // A concurrent exchange of the same code got there first.
      return refuseReplay(c, d.codes().find(hash).orElse(code));
    }
    return new TokenExchange.Issued(minted.issued());
  }

  /** RFC 6749 §4.1.2: a code used twice revokes the token it produced. */
  private TokenExchange refuseReplay(TokenExchangeCommand c, StoredAuthorizationCode code) {
    if (code.issuedJti() != null) {
      d.transactions()
          .run(
              () -> {
                if (d.tokens()
                    .revoke(code.issuedJti(), d.clock().instant(), "authorization code reused")) {
                  d.auditor()
                      .record(
                          IdentityAuditTypes.TOKEN_REVOKED,
                          c.clientId(),
                          code.issuedJti(),
                          c.sourceAddress(),
                          Map.of("reason", "authorization code reused"));
                }
              });
    }
    return refuse(c, code, OAuthError.INVALID_GRANT, "authorization code already used");
  }

  private TokenExchange refuse(
      TokenExchangeCommand c, StoredAuthorizationCode code, OAuthError error, String reason) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("client_id", c.clientId() == null ? "" : c.clientId());
    details.put("error", error.wireName());
    details.put("reason", reason);
    d.auditor()
        .record(
            IdentityAuditTypes.SSO_TOKEN_REFUSED,
            c.clientId() == null ? "" : c.clientId(),
            code == null ? "" : code.accountId().toString(),
            c.sourceAddress(),
            details);
    return new TokenExchange.Refused(error, reason);
  }
}
