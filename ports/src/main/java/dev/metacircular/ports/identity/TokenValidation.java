package dev.metacircular.ports.identity;

import java.util.Objects;

/**
 * The outcome of validating a token. A bad token is a value, never an exception: validation answers
 * {@code {"valid": false}} on every door.
 */
public sealed interface TokenValidation {

  boolean valid();

  /** Signature, algorithm, expiry and revocation all checked. */
  record Valid(TokenClaims claims) implements TokenValidation {
    public Valid {
      Objects.requireNonNull(claims, "claims");
    }

    @Override
    public boolean valid() {
      return true;
    }
  }

  /** Why the token was refused, for logs and tests only: doors answer just {@code valid=false}. */
  record Invalid(Reason reason) implements TokenValidation {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean valid() {
      return false;
    }
  }

  /** The check that failed, in the order they run. */
  enum Reason {
    MALFORMED,
    WRONG_ALGORITHM,
    BAD_SIGNATURE,
    WRONG_ISSUER,
    EXPIRED,
    REVOKED,
    ACCOUNT_NOT_ACTIVE,
    /** Otherwise valid, but issued for another service than the one that asked. */
    WRONG_AUDIENCE
  }
}
