package dev.metacircular.domain.identity.token;

import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.crypto.EdDsaJwt;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Role;
import dev.metacircular.ports.identity.TokenRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs new tokens. Minting only signs: the caller stores the returned record (and audits) in its
 * own unit of work, and hands the token out only once that has committed, so a token whose record
 * or audit entry was not written never leaves the core.
 */
public final class TokenMint {

  /** A signed token and the record that makes it valid once stored. */
  public record Minted(IssuedToken issued, TokenRecord record) {}

  private final String issuer;
  private final Ed25519SigningKey key;
  private final Clock clock;

  public TokenMint(String issuer, Ed25519SigningKey key, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A token for the account, valid for {@code ttl} (whole seconds, at least one).
   *
   * @param audience the service the token is for ({@code aud}), or null for none
   */
  public Minted mint(Account account, TokenRecord.Kind kind, Duration ttl, String audience) {
    long issuedAt = clock.instant().getEpochSecond();
    long lifetime = Math.max(1, ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0));
    long expires = issuedAt + lifetime;
    String jti = UUID.randomUUID().toString();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put(Claims.ISSUER, issuer);
    claims.put(Claims.SUBJECT, account.id().toString());
    if (audience != null && !audience.isBlank()) {
      claims.put(Claims.AUDIENCE, audience);
    }
    claims.put(Claims.TOKEN_ID, jti);
    claims.put(Claims.ISSUED_AT, issuedAt);
    claims.put(Claims.EXPIRES, expires);
    claims.put(Claims.USERNAME, account.username());
    claims.put(Claims.ROLES, account.roles().stream().map(Role::wireName).sorted().toList());
    claims.put(Claims.ACCOUNT_TYPE, account.type().wireName());
    String token = EdDsaJwt.sign(claims, key);
    Instant iat = Instant.ofEpochSecond(issuedAt);
    Instant exp = Instant.ofEpochSecond(expires);
    return new Minted(
        new IssuedToken(token, jti, exp),
        new TokenRecord(jti, account.id(), kind, iat, exp, null, null));
  }
}
