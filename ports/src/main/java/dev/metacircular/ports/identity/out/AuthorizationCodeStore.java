package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.Optional;

/**
 * Outbound port: outstanding and recently used SSO authorization codes, by the SHA-256 (hex) of the
 * code. Codes belong to an account and a client in the same database.
 */
public interface AuthorizationCodeStore {

  /** {@code DomainException.Conflict} on a duplicate hash. */
  void insert(StoredAuthorizationCode code);

  Optional<StoredAuthorizationCode> find(String codeHash);

  /**
   * Marks an unused code used, recording the token it produced. Returns false (and changes nothing)
   * when there is no such code or it was used already: exactly one caller can win.
   */
  boolean markUsed(String codeHash, Instant at, String issuedJti);

  /** Deletes codes that expired before {@code now}; returns how many. */
  int deleteExpired(Instant now);
}
