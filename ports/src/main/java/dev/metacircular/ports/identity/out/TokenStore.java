package dev.metacircular.ports.identity.out;

import dev.metacircular.ports.identity.TokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound port: the record of every issued token, which validation consults for revocation. A
 * token whose jti is unknown here is not valid.
 */
public interface TokenStore {

  /** {@code DomainException.Conflict} on a duplicate jti. */
  void insert(TokenRecord record);

  Optional<TokenRecord> find(String jti);

  /** Marks one token revoked; false when it does not exist or was already revoked. */
  boolean revoke(String jti, Instant at, String reason);

  /** Marks every unrevoked token of the account revoked; returns how many. */
  int revokeAllForAccount(UUID accountId, Instant at, String reason);

  /**
   * Marks every unrevoked token of the account revoked except {@code keepJti} (the token that made
   * a self-service change may keep working); returns how many. A store may override this with one
   * statement; the default goes through {@link #listForAccount} and {@link #revoke}, inside the
   * caller's unit of work.
   */
  default int revokeAllForAccountExcept(UUID accountId, String keepJti, Instant at, String reason) {
    if (keepJti == null) {
      return revokeAllForAccount(accountId, at, reason);
    }
    int count = 0;
    for (TokenRecord r : listForAccount(accountId)) {
      if (!r.revoked() && !r.jti().equals(keepJti) && revoke(r.jti(), at, reason)) {
        count++;
      }
    }
    return count;
  }

  /** The account's tokens, newest issue first. */
  List<TokenRecord> listForAccount(UUID accountId);

  /** Deletes records whose expiry is before {@code now}; returns how many. */
  int deleteExpired(Instant now);
}
