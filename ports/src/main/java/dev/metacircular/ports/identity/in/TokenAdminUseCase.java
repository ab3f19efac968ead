package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Inbound port: token administration. Every call requires an admin caller. */
public interface TokenAdminUseCase {

  /** Longest TTL an admin may give a service token. */
  Duration MAX_SERVICE_TTL = Duration.ofDays(3650);

  /**
   * A long-lived token for a system account (default TTL 365 days when {@code ttl} is null).
   * {@code InvalidInput} when the account is human or the TTL is not positive or too long;
   * {@code NotFound} when there is no such account; {@code Conflict} when it is not active.
   */
  IssuedToken issueServiceToken(Caller caller, UUID accountId, Duration ttl);

  /** {@code NotFound} when no token has this jti. Revoking twice is not an error. */
  void revoke(Caller caller, String jti, String reason);

  /** Revokes every unrevoked token of the account; returns how many. */
  int revokeAll(Caller caller, UUID accountId, String reason);

  /** The account's tokens, newest first. */
  List<TokenRecord> list(Caller caller, UUID accountId);

  /** Deletes records of tokens that expired; returns how many. */
  int pruneExpired(Caller caller);
}
