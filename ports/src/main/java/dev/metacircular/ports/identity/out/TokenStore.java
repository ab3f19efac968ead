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

  /** The account's tokens, newest issue first. */
  List<TokenRecord> listForAccount(UUID accountId);

  /** Deletes records whose expiry is before {@code now}; returns how many. */
  int deleteExpired(Instant now);
}
