package dev.metacircular.ports.client.out;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
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
 * The identity service as a remote caller drives it: the admin shell today, the control plane's CLI
 * and master next. A client is bound to one session (the {@link BearerToken} its {@link
 * SessionClient} login obtained, or the offline tool's caller in process) and every call runs as
 * that account. Implemented over REST (adapters-rest {@code RestIdentityClient}), over gRPC
 * (adapters-grpc {@code GrpcIdentityClient}) and in process over an identity core (core-domain
 * {@code InProcessIdentityClient}). Refusals are the ports' {@code DomainException}s with the
 * service's message; a service that cannot be reached is an {@link Unreachable}.
 */
public interface IdentityClient {

  /** {@code ok} when the service answers its health check. */
  String health();

  /** Every account that is not deleted, by username. */
  List<Account> accounts();

  /** One account by id. */
  Account account(UUID id);

  /** Creates an account; answers it as stored. */
  Account create(CreateAccountCommand command);

  /** Changes an account's status or password; answers it as stored. */
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

  /** Revokes one token by its id ({@code reason} may be null). */
  void revokeToken(String jti, String reason);

  /** The account's tokens, newest first. */
  List<TokenRecord> tokens(UUID accountId);

  /** Who {@code token} stands for, or empty when it is not valid. */
  Optional<WhoAmI> validate(String token);

  /** The service's login policy rules. */
  RuleClient loginPolicy();

  /** Matching audit events, newest first. */
  List<AuditEvent> audit(AuditFilter filter);
}
