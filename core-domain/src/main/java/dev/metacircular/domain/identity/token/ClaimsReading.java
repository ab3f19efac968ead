package dev.metacircular.domain.identity.token;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the claims of a signature-checked token strictly: every required claim present with the
 * right type, or the token is malformed. The issuer is compared before anything else.
 */
final class ClaimsReading {

  private static final int MAX_ROLES = 16;

  /** Either the claims (with the token's audience) or why they were refused. */
  record Outcome(TokenClaims claims, String audience, TokenValidation.Reason refusal) {}

  private ClaimsReading() {}

  static Outcome read(Map<String, Object> claims, String expectedIssuer) {
    if (!(claims.get(Claims.ISSUER) instanceof String iss) || !iss.equals(expectedIssuer)) {
      return refused(TokenValidation.Reason.WRONG_ISSUER);
    }
    try {
      UUID subject = UUID.fromString(string(claims, Claims.SUBJECT));
      String jti = string(claims, Claims.TOKEN_ID);
      Instant issuedAt = Instant.ofEpochSecond(number(claims, Claims.ISSUED_AT));
      Instant expiresAt = Instant.ofEpochSecond(number(claims, Claims.EXPIRES));
      String username = string(claims, Claims.USERNAME);
      AccountType type = AccountType.fromWire(string(claims, Claims.ACCOUNT_TYPE));
      Set<Role> roles = roles(claims.get(Claims.ROLES));
      // Exactly one audience, always (DESIGN.md §8): a missing, blank or list-valued aud is a
      // malformed token, never a wildcard. Tokens minted before tokens carried one land here.
      String aud = string(claims, Claims.AUDIENCE);
      if (aud.isBlank()) {
        return refused(TokenValidation.Reason.MALFORMED);
      }
      return new Outcome(
          new TokenClaims(subject, username, roles, type, jti, iss, issuedAt, expiresAt, aud),
          aud,
          null);
    } catch (RuntimeException e) {
      // Missing claim, wrong type, unknown role or account type, out-of-range time: all the same.
      return refused(TokenValidation.Reason.MALFORMED);
    }
  }

  private static Outcome refused(TokenValidation.Reason reason) {
    return new Outcome(null, null, reason);
  }

  private static String string(Map<String, Object> claims, String name) {
    if (claims.get(name) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new IllegalArgumentException(name);
  }

  private static long number(Map<String, Object> claims, String name) {
    if (claims.get(name) instanceof Long n) {
      return n;
    }
    throw new IllegalArgumentException(name);
  }

  private static Set<Role> roles(Object value) {
    if (!(value instanceof List<?> list) || list.size() > MAX_ROLES) {
      throw new IllegalArgumentException(Claims.ROLES);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException(Claims.ROLES);
      }
      roles.add(Role.fromWire(s));
    }
    return roles;
  }
}
