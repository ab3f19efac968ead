package dev.metacircular.domain.identity.token;

import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.crypto.EdDsaJwt;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs new tokens. Minting only signs: the caller stores the returned record (and audits) in its
 * own unit of work, and hands the token out only once that has committed, so a token whose record
 * or audit entry was not written never leaves the core.
 *
 * <p>Every token names exactly one audience ({@code aud}): the service it was asked for, or the
 * identity service's own name when none was given ({@link #audienceFor}) — there is no token
 * without one. The record keeps the audience, when the session began and its login tags, so that
 * renewal can carry them over.
 */
public final class TokenMint {

  /** A signed token and the record that makes it valid once stored. */
  public record Minted(IssuedToken issued, TokenRecord record) {}

  private final String issuer;
  private final String ownAudience;
  private final Ed25519SigningKey key;
  private final Clock clock;

  /**
   * @param ownAudience the identity service's own name ({@code mcias} by default): the audience of
   *     a token asked for no service in particular
   */
  public TokenMint(String issuer, String ownAudience, Ed25519SigningKey key, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.ownAudience = requireAudience(ownAudience);
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The identity service's own audience. */
  public String ownAudience() {
    return ownAudience;
  }

  /**
   * The audience of a token asked for {@code serviceName}: that name, or the identity service's own
   * when it is null or blank (a login without {@code service_name} is a login to the identity
   * service, never a token every service accepts).
   */
  public String audienceFor(String serviceName) {
    return serviceName == null || serviceName.isBlank() ? ownAudience : serviceName;
  }

  /** A token opening a new session for {@code serviceName} (see {@link #audienceFor}), no tags. */
  public Minted mint(Account account, TokenRecord.Kind kind, Duration ttl, String serviceName) {
    return mint(account, kind, ttl, serviceName, List.of());
  }

  /**
   * A token opening a new session, valid for {@code ttl} (whole seconds, at least one).
   *
   * @param serviceName the service the token is for; null or blank for the identity service
   * @param tags the login policy tags the session was opened with (kept for renewal)
   */
  public Minted mint(
      Account account, TokenRecord.Kind kind, Duration ttl, String serviceName, List<String> tags) {
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    return sign(
        account, kind, now, now.plusSeconds(seconds(ttl)), audienceFor(serviceName), now, tags);
  }

  /**
   * The token that replaces {@code old} on renewal: same kind, audience, session start and tags;
   * valid for {@code ttl} but never past {@code notAfter} (the end of the session).
   */
  public Minted renewal(
      Account account, TokenRecord old, String audience, Duration ttl, Instant notAfter) {
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    Instant expires = now.plusSeconds(seconds(ttl));
    Instant bound = Instant.ofEpochSecond(notAfter.getEpochSecond());
    if (expires.isAfter(bound)) {
      expires = bound;
    }
    return sign(
        account,
        old.kind(),
        now,
        expires,
        requireAudience(audience),
        old.sessionStartedAt(),
        old.tags());
  }

  private Minted sign(
      Account account,
      TokenRecord.Kind kind,
      Instant issuedAt,
      Instant expires,
      String audience,
      Instant sessionStartedAt,
      List<String> tags) {
    String jti = UUID.randomUUID().toString();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put(Claims.ISSUER, issuer);
    claims.put(Claims.SUBJECT, account.id().toString());
    claims.put(Claims.AUDIENCE, audience);
    claims.put(Claims.TOKEN_ID, jti);
    claims.put(Claims.ISSUED_AT, issuedAt.getEpochSecond());
    claims.put(Claims.EXPIRES, expires.getEpochSecond());
    claims.put(Claims.USERNAME, account.username());
    claims.put(Claims.ROLES, account.roles().stream().map(Role::wireName).sorted().toList());
    claims.put(Claims.ACCOUNT_TYPE, account.type().wireName());
    String token = EdDsaJwt.sign(claims, key);
    return new Minted(
        new IssuedToken(token, jti, expires),
        new TokenRecord(
            jti,
            account.id(),
            kind,
            issuedAt,
            expires,
            null,
            null,
            audience,
            sessionStartedAt,
            tags));
  }

  private static long seconds(Duration ttl) {
    return Math.max(1, ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0));
  }

  private static String requireAudience(String audience) {
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("a token always names its audience");
    }
    return audience;
  }
}
