package dev.metacircular.rest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three ports a relying service uses, faked behind the real identity REST server: logins mint
 * JWT-shaped tokens (unsigned: the client never checks signatures, the identity service does),
 * validation answers from a table, and every call is counted and recorded.
 */
final class FakeIdentity implements LoginUseCase, SessionUseCase, TokenValidationUseCase {
  static final String PASSWORD = "correct horse battery staple";
  static final String ISSUER = "https://mcias.test";
  static final UUID ALICE = UUID.fromString("00000000-0000-4000-8000-00000000a11c");
  static final UUID ROOT = UUID.fromString("00000000-0000-4000-8000-0000000000f0");
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, TokenClaims> issued = new ConcurrentHashMap<>();
  final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Never cleared: every token ever issued, to prove none reached a log. */
  final Set<String> everIssued = ConcurrentHashMap.newKeySet();

  final AtomicInteger validations = new AtomicInteger();
  volatile LoginCommand lastLogin;
  volatile char[] lastPassword;
  volatile String lastLogout;

  /** The lifetime of the next tokens minted by login. */
  volatile Duration tokenLifetime = Duration.ofHours(12);

  /** The identity service's "now" for minted tokens (independent of the client's cache clock). */
  volatile Instant now = Instant.parse("2026-03-11T10:00:00Z");

  IdentityUseCases api() {
    return new IdentityUseCases(
        this,
        this,
        this,
        unused(TokenAdminUseCase.class),
        unused(AccountUseCase.class),
        unused(TotpUseCase.class),
        unused(PolicyAdminUseCase.class),
        unused(AuditUseCase.class),
        unused(dev.metacircular.ports.identity.in.SsoClientAdminUseCase.class),
        unused(dev.metacircular.ports.identity.in.SsoUseCase.class),
        unused(dev.metacircular.ports.identity.in.PasskeyUseCase.class),
        unused(dev.metacircular.ports.identity.in.ProfileUseCase.class),
        unused(dev.metacircular.ports.identity.in.RecoveryCodeUseCase.class));
  }

  void reset() {
    issued.clear();
    revoked.clear();
    validations.set(0);
    lastLogin = null;
    lastPassword = null;
    lastLogout = null;
    tokenLifetime = Duration.ofHours(12);
  }

  @Override
  public IssuedToken login(LoginCommand command) {
    lastLogin = command;
    // The door wipes the array after the call: keep a copy to look at.
    lastPassword = command.password().clone();
    switch (command.username()) {
      case "locked":
        throw new DomainException.TooManyRequests("account locked", Duration.ofSeconds(7));
      case "denied":
        throw new DomainException.Forbidden("login denied by policy");
      case "broken":
        throw new IllegalStateException("database on fire");
      case "refused":
        throw new DomainException.InvalidInput("tags must not repeat");
      case "totp":
        if (command.totpCode() == null) {
          throw new DomainException.Unauthenticated("totp required");
        }
        break;
      default:
        break;
    }
    if (!Arrays.equals(command.password(), PASSWORD.toCharArray())) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }
    boolean admin = command.username().equals("root");
    TokenClaims claims =
        mint(
            admin ? ROOT : ALICE,
            command.username(),
            admin ? Set.of(Role.ADMIN, Role.USER) : Set.of(Role.USER),
            command.serviceName());
    return new IssuedToken(tokenFor(claims), claims.jti(), claims.expiresAt());
  }

  /** Claims for a new token, not yet issued. */
  TokenClaims mint(UUID account, String username, Set<Role> roles, String audience) {
    return new TokenClaims(
        account,
        username,
        roles,
        AccountType.HUMAN,
        UUID.randomUUID().toString(),
        ISSUER,
        now,
        now.plus(tokenLifetime),
        // As the real service: no service named is a token for the identity service itself.
        audience == null || audience.isBlank() ? "mcias" : audience);
  }

  /** Issues a token with these claims: the fake will vouch for it until it is revoked. */
  String tokenFor(TokenClaims claims) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("iss", claims.issuer());
    payload.put("sub", claims.accountId().toString());
    if (claims.audience() != null) {
      payload.put("aud", claims.audience());
    }
    payload.put("jti", claims.jti());
    payload.put("iat", claims.issuedAt().getEpochSecond());
    payload.put("exp", claims.expiresAt().getEpochSecond());
    payload.put("username", claims.username());
    payload.put("roles", claims.roles().stream().map(Role::wireName).sorted().toList());
    payload.put("account_type", claims.accountType().wireName());
    String token = jws(payload);
    issued.put(token, claims);
    everIssued.add(token);
    return token;
  }

  /** A compact JWS with this payload and a signature nobody checks here. */
  static String jws(Object payload) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return b64.encodeToString(
              "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
          + "."
          + b64.encodeToString(JSON.writeValueAsBytes(payload))
          + "."
          + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public TokenValidation validate(String token) {
    validations.incrementAndGet();
    return vouchFor(token)
        ? new TokenValidation.Valid(issued.get(token))
        : new TokenValidation.Invalid(TokenValidation.Reason.REVOKED);
  }

  private boolean vouchFor(String token) {
    TokenClaims claims = issued.get(token);
    return claims != null && !revoked.contains(claims.jti());
  }

  @Override
  public PublicSigningKey publicKey() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String audience() {
    return "mcias";
  }

  @Override
  public void logout(String token, String sourceAddress) {
    lastLogout = token;
    if (!vouchFor(token)) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }
    revoked.add(issued.get(token).jti());
  }

  @Override
  public IssuedToken renew(String token, String sourceAddress) {
    throw new UnsupportedOperationException();
  }

  private static <T> T unused(Class<T> port) {
    return port.cast(
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(port.getSimpleName() + " is not used here");
            }));
  }
}
