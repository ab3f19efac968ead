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
   * A long-lived token for a system account (default TTL 365 days when {@code ttl} is null). {@code
   * InvalidInput} when the account is human or the TTL is not positive or too long; {@code
   * NotFound} when there is no such account; {@code Conflict} when it is not active.
   */
  default IssuedToken issueServiceToken(Caller caller, UUID accountId, Duration ttl) {
    return issueServiceToken(caller, accountId, ttl, null);
  }

  /**
   * As {@link #issueServiceToken(Caller, UUID, Duration)}, for the service {@code serviceName}: the
   * token's audience ({@code aud}), the only service that accepts it. Null or blank: a token for
   * the identity service itself, as a login without {@code service_name}. {@code InvalidInput} when
   * the name is longer than {@value LoginCommand#MAX_SERVICE_NAME} characters.
   */
  IssuedToken issueServiceToken(Caller caller, UUID accountId, Duration ttl, String serviceName);

  /** {@code NotFound} when no token has this jti. Revoking twice is not an error. */
  void revoke(Caller caller, String jti, String reason);

  /** Revokes every unrevoked token of the account; returns how many. */
  int revokeAll(Caller caller, UUID accountId, String reason);

  /** The account's tokens, newest first. */
  List<TokenRecord> list(Caller caller, UUID accountId);

  /** Deletes records of tokens that expired; returns how many. */
  int pruneExpired(Caller caller);
}
