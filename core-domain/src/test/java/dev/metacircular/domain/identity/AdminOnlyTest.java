package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every admin operation refuses a caller without the identity admin role, before doing work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminOnlyTest {

  private IdentityFixture f;
  private Account victim;

  @BeforeAll
  void setUp() {
    f = IdentityFixture.create();
    victim = f.human("victim", Role.USER);
    f.system("ci-runner");
  }

  @AfterAll
  void close() {
    f.close();
  }

  private Map<String, Consumer<Caller>> adminOperations() {
    UUID id = victim.id();
    PolicyRule rule = new PolicyRule("r", 1, Effect.ALLOW, "", null, null, List.of("login"));
    Map<String, Consumer<Caller>> ops = new LinkedHashMap<>();
    ops.put(
        "accounts.create",
        c ->
            f.core
                .accounts()
                .create(
                    c,
                    new CreateAccountCommand("eve2", AccountType.HUMAN, null, Set.of(Role.ADMIN))));
    ops.put("accounts.list", c -> f.core.accounts().list(c));
    ops.put("accounts.get", c -> f.core.accounts().get(c, id));
    ops.put("accounts.getByUsername", c -> f.core.accounts().getByUsername(c, "victim"));
    ops.put(
        "accounts.update",
        c ->
            f.core
                .accounts()
                .update(c, id, new UpdateAccountCommand(AccountStatus.INACTIVE, null)));
    ops.put("accounts.delete", c -> f.core.accounts().delete(c, id));
    ops.put("accounts.roles", c -> f.core.accounts().roles(c, id));
    ops.put("accounts.setRoles", c -> f.core.accounts().setRoles(c, id, Set.of(Role.ADMIN)));
    ops.put(
        "accounts.setPassword",
        c -> f.core.accounts().setPassword(c, id, "a takeover password".toCharArray()));
    ops.put(
        "tokenAdmin.issueServiceToken",
        c ->
            f.core
                .tokenAdmin()
                .issueServiceToken(
                    c,
                    f.storage.accounts().findByUsername("ci-runner").orElseThrow().id(),
                    Duration.ofDays(1)));
    ops.put("tokenAdmin.revoke", c -> f.core.tokenAdmin().revoke(c, "jti", null));
    ops.put("tokenAdmin.revokeAll", c -> f.core.tokenAdmin().revokeAll(c, id, null));
    ops.put("tokenAdmin.list", c -> f.core.tokenAdmin().list(c, id));
    ops.put("tokenAdmin.pruneExpired", c -> f.core.tokenAdmin().pruneExpired(c));
    ops.put("loginPolicy.list", c -> f.core.loginPolicy().list(c));
    ops.put("loginPolicy.get", c -> f.core.loginPolicy().get(c, "default-allow-login"));
    ops.put("loginPolicy.create", c -> f.core.loginPolicy().create(c, rule));
    ops.put(
        "loginPolicy.replace",
        c -> f.core.loginPolicy().replace(c, "default-allow-login", rule.withId(null)));
    ops.put("loginPolicy.delete", c -> f.core.loginPolicy().delete(c, "default-allow-login"));
    ops.put(
        "loginPolicy.explain",
        c -> f.core.loginPolicy().explain(c, new PolicyRequest(null, null, "login")));
    ops.put("audit.query", c -> f.core.audit().query(c, AuditFilter.latest(10)));
    ops.put("audit.tail", c -> f.core.audit().tail(c, 10));
    ops.put("totp.remove (someone else's)", c -> f.core.totp().remove(c, id));
    return ops;
  }

  @Test
  void nonAdminsAreForbiddenEverywhere() {
    f.human("eve", Role.USER, Role.GUEST);
    Caller eve = f.callerFor("eve");
    Caller anonymous = new Caller(null, "anonymous", Set.of(), null, null, "");
    // A name that looks privileged, with every role but admin. (A role that merely looks like
    // admin cannot reach a Caller: roles are typed, and their wire names are matched exactly.)
    Caller impostor =
        new Caller(
            UUID.randomUUID(), "admin", Set.of(Role.USER, Role.GUEST), AccountType.HUMAN, null, "");
    assertThatThrownBy(() -> Role.fromWire("Admin"))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> Role.fromWire("administrator"))
        .isInstanceOf(DomainException.InvalidInput.class);
    int audited = f.auditEvents().size();

    adminOperations()
        .forEach(
            (name, op) -> {
              for (Caller c : List.of(eve, anonymous, impostor)) {
                assertThatThrownBy(() -> op.accept(c))
                    .as(name + " as " + c.name())
                    .isInstanceOf(DomainException.Forbidden.class)
                    .hasMessage("admin role required");
              }
              assertThatThrownBy(() -> op.accept(null))
                  .as(name + " without caller")
                  .isInstanceOf(DomainException.Forbidden.class);
            });

    // Nothing changed; only the refusals were written, one per refused call with a caller.
    List<AuditEvent> written = f.auditEvents().subList(audited, f.auditEvents().size());
    assertThat(written)
        .extracting(AuditEvent::type)
        .containsOnly(IdentityAuditTypes.REQUEST_REFUSED)
        .hasSize(adminOperations().size() * 3);
    assertThat(f.stored(victim.id()).status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(f.storage.policyRules().list()).hasSize(1);
  }

  @Test
  void theAuditTailIsBounded() {
    Caller tool = Caller.offlineTool("mciasdb");

    assertThat(f.core.audit().tail(tool, 1)).hasSize(1);
    assertThatThrownBy(() -> f.core.audit().tail(tool, 0))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> f.core.audit().tail(tool, 10_001))
        .isInstanceOf(DomainException.InvalidInput.class);
  }
}
