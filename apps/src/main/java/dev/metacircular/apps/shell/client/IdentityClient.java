package dev.metacircular.apps.shell.client;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The identity service as the admin shell drives it. Implemented over REST ({@link
 * RestIdentityClient}), over gRPC ({@link GrpcIdentityClient}) and over the database files ({@link
 * OfflineIdentityClient}). Refusals are the ports' {@code DomainException}s with the service's
 * message; a service that cannot be reached is an {@link Unreachable}.
 */
public interface IdentityClient {

  /** {@code ok} when the service answers its health check. */
  String health();

  /** Every account that is not deleted, by username. */
  List<Account> accounts();

  Account account(UUID id);

  Account create(CreateAccountCommand command);

  Account update(UUID id, UpdateAccountCommand command);

  /** Soft delete; the account's tokens are revoked. */
  void delete(UUID id);

  /** Replaces the account's roles; answers them as stored. */
  Set<Role> setRoles(UUID id, Set<Role> roles);

  /**
   * A long-lived token for a system account ({@code ttl} null: the service's default) for the
   * service {@code serviceName}, its audience (null: the identity service itself).
   */
  IssuedToken issueServiceToken(UUID accountId, Duration ttl, String serviceName);

  void revokeToken(String jti, String reason);

  /** The account's tokens, newest first. */
  List<TokenRecord> tokens(UUID accountId);

  /** Who {@code token} stands for, or empty when it is not valid. */
  Optional<WhoAmI> validate(String token);

  RuleClient loginPolicy();

  /** Matching audit events, newest first. */
  List<AuditEvent> audit(AuditFilter filter);
}
