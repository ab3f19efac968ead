package dev.metacircular.domain.embedded;

import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The identity client contract over an identity core in this process: the shell's {@code --offline}
 * mode over the database files (like {@code mc mcias db}), or an {@link EmbeddedPlatform}. Every
 * call runs as the given {@code caller} (the offline tool), so every change is validated and
 * audited with that actor.
 */
public final class InProcessIdentityClient implements IdentityClient {
  private final IdentityCore core;
  private final Caller caller;
  private final RuleClient rules;

  public InProcessIdentityClient(IdentityCore core, Caller caller) {
    this.core = core;
    this.caller = caller;
    this.rules = new InProcessRuleClient(core.loginPolicy(), caller);
  }

  @Override
  public String health() {
    return "ok (offline)";
  }

  @Override
  public List<Account> accounts() {
    return core.accounts().list(caller);
  }

  @Override
  public Account account(UUID id) {
    return core.accounts().get(caller, id);
  }

  @Override
  public Account create(CreateAccountCommand command) {
    return core.accounts().create(caller, command);
  }

  @Override
  public Account update(UUID id, UpdateAccountCommand command) {
    return core.accounts().update(caller, id, command);
  }

  @Override
  public void delete(UUID id) {
    core.accounts().delete(caller, id);
  }

  @Override
  public Set<Role> setRoles(UUID id, Set<Role> roles) {
    return core.accounts().setRoles(caller, id, roles).roles();
  }

  @Override
  public IssuedToken issueServiceToken(UUID accountId, Duration ttl, String serviceName) {
    return core.tokenAdmin().issueServiceToken(caller, accountId, ttl, serviceName);
  }

  @Override
  public void revokeToken(String jti, String reason) {
    core.tokenAdmin().revoke(caller, jti, reason);
  }

  @Override
  public List<TokenRecord> tokens(UUID accountId) {
    return core.tokenAdmin().list(caller, accountId);
  }

  @Override
  public Optional<WhoAmI> validate(String token) {
    if (core.tokens().validate(token) instanceof TokenValidation.Valid valid) {
      TokenClaims c = valid.claims();
      return Optional.of(
          new WhoAmI(
              c.accountId().toString(),
              c.username(),
              c.roles().stream().map(Role::wireName).sorted().toList(),
              c.accountType().wireName(),
              c.expiresAt()));
    }
    return Optional.empty();
  }

  @Override
  public RuleClient loginPolicy() {
    return rules;
  }

  @Override
  public List<AuditEvent> audit(AuditFilter filter) {
    return core.audit().query(caller, filter);
  }
}
