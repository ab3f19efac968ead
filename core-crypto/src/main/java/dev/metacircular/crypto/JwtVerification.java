package dev.metacircular.crypto;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of {@link EdDsaJwt#verify}: the claims of a correctly signed token, or why not. */
public sealed interface JwtVerification {

  /**
   * The signature is valid for a key in the fixed key map. Claims are NOT checked here (no
   * exp/iss/aud/revocation): that is the caller's job. JSON numbers arrive as {@link Long}
   * (integers) or {@link Double}, arrays as {@link java.util.List}, objects as {@link Map}.
   */
  record Verified(Map<String, Object> claims) implements JwtVerification {
    public Verified {
      claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }
  }

  /** The token was refused; deliberately carries no detail beyond the reason. */
  record Rejected(Reason reason) implements JwtVerification {}

  enum Reason {
    /**
     * Not a well-formed compact JWS, bad header (typ, crit), or claims that are not a JSON object.
     */
    MALFORMED,
    /** {@code alg} missing or anything other than exactly {@code EdDSA}. */
    WRONG_ALGORITHM,
    /** {@code kid} missing or not in the fixed key map. */
    UNKNOWN_KEY,
    /** Signature does not verify with the key named by {@code kid}. */
    BAD_SIGNATURE
  }
}
