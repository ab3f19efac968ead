package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginPolicyTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Caller admin;

  @BeforeEach
  void accounts() {
    admin = f.admin();
    f.human("alice", Role.USER);
    f.human("guest1", Role.GUEST);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static PolicyRule rule(
      String id, int priority, Effect effect, SubjectMatch subjects, ResourceMatch resources) {
    return new PolicyRule(id, priority, effect, "test rule", subjects, resources, List.of("login"));
  }

  private static PolicyRequest loginBy(String username, String role, String service) {
    return new PolicyRequest(
        new PolicyRequest.Subject(username, List.of(role), "human"),
        new PolicyRequest.Resource(service, List.of(), null, null),
        "login");
  }

  @Test
  void theDefaultRuleIsSeededOnceAtTheLowestPriority() {
    List<PolicyRule> rules = f.core.loginPolicy().list(admin);

    assertThat(rules).hasSize(1);
    PolicyRule seeded = rules.get(0);
    assertThat(seeded.id()).isEqualTo("default-allow-login");
    assertThat(seeded.priority()).isEqualTo(1_000_000);
    assertThat(seeded.effect()).isEqualTo(Effect.ALLOW);
    assertThat(seeded.actions()).containsExactly("login");
    assertThat(seeded.description()).contains("edit or delete");

    try (IdentityFixture reopened = IdentityFixture.over(f.storage, f.clock, s -> s)) {
      assertThat(reopened.core.loginPolicy().list(f.tool)).hasSize(1);
    }
  }

  @Test
  void deletingTheDefaultRuleLeavesDefaultDenyAndItIsNotSeededAgain() {
    f.core.loginPolicy().delete(admin, "default-allow-login");

    assertThatThrownBy(() -> f.login("alice"))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
    assertThat(f.auditEvents(IdentityAuditTypes.LOGIN_DENIED_BY_POLICY)).hasSize(1);

    try (IdentityFixture reopened =
        IdentityFixture.over(f.storage, new ManualClock(IdentityFixture.START), s -> s)) {
      assertThat(reopened.core.loginPolicy().list(f.tool)).isEmpty();
      Explanation e = reopened.core.loginPolicy().explain(f.tool, loginBy("alice", "user", null));
      assertThat(e.allowed()).isFalse();
      assertThat(e.rule()).isNull();
    }
  }

  @Test
  void aDenyRuleBlocksLoginAndExplainNamesIt() {
    f.core
        .loginPolicy()
        .create(
            admin,
            rule(
                "no-guests-on-metacrypt",
                100,
                Effect.DENY,
                new SubjectMatch(null, List.of("guest"), null),
                new ResourceMatch(List.of("metacrypt"), null, null, null)));

    assertThatThrownBy(
            () ->
                f.core
                    .login()
                    .login(
                        new LoginCommand(
                            "guest1",
                            IdentityFixture.PASSWORD.toCharArray(),
                            null,
                            "metacrypt",
                            null,
                            "")))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("login denied by policy");
    // The same guest may still log in to another service, and a user to this one.
    f.core
        .login()
        .login(
            new LoginCommand(
                "guest1", IdentityFixture.PASSWORD.toCharArray(), null, "mcr", null, ""));
    f.core
        .login()
        .login(
            new LoginCommand(
                "alice", IdentityFixture.PASSWORD.toCharArray(), null, "metacrypt", null, ""));

    Explanation why = f.core.loginPolicy().explain(admin, loginBy("guest1", "guest", "metacrypt"));
    assertThat(why.decision()).isEqualTo(Effect.DENY);
    assertThat(why.rule().id()).isEqualTo("no-guests-on-metacrypt");
    assertThat(why.reason()).contains("no-guests-on-metacrypt");

    AuditEvent denied = f.auditEvents(IdentityAuditTypes.LOGIN_DENIED_BY_POLICY).get(0);
    assertThat(denied.details()).containsEntry("rule", "no-guests-on-metacrypt");
  }

  @Test
  void adminsAreSubjectToLoginPolicyToo() {
    f.core
        .loginPolicy()
        .create(
            admin,
            rule(
                "no-admin-login",
                10,
                Effect.DENY,
                new SubjectMatch(null, List.of("admin"), null),
                null));

    assertThatThrownBy(() -> f.login("root")).isInstanceOf(DomainException.Forbidden.class);
    assertThat(f.core.loginPolicy().explain(admin, loginBy("root", "admin", null)).allowed())
        .isFalse();
  }

  @Test
  void createAssignsAnIdAndRefusesATakenOne() {
    PolicyRule created =
        f.core.loginPolicy().create(admin, rule(null, 50, Effect.ALLOW, null, null));
    assertThat(created.id()).isNotBlank();
    assertThat(f.core.loginPolicy().get(admin, created.id())).isEqualTo(created);

    assertThatThrownBy(() -> f.core.loginPolicy().create(admin, created))
        .isInstanceOf(DomainException.Conflict.class);
    assertThatThrownBy(
            () -> f.core.loginPolicy().create(admin, rule("bad", -1, Effect.ALLOW, null, null)))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThat(f.auditEvents(IdentityAuditTypes.POLICY_RULE_CREATED))
        .extracting(AuditEvent::subject)
        .contains(created.id());
  }

  @Test
  void replaceTakesTheIdFromThePathAndRefusesAMismatch() {
    PolicyRule changed =
        f.core
            .loginPolicy()
            .replace(admin, "default-allow-login", rule(null, 500, Effect.ALLOW, null, null));
    assertThat(changed.id()).isEqualTo("default-allow-login");
    assertThat(f.core.loginPolicy().get(admin, "default-allow-login").priority()).isEqualTo(500);

    assertThatThrownBy(
            () ->
                f.core
                    .loginPolicy()
                    .replace(
                        admin, "default-allow-login", rule("other", 500, Effect.ALLOW, null, null)))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(
            () ->
                f.core
                    .loginPolicy()
                    .replace(admin, "missing", rule(null, 500, Effect.ALLOW, null, null)))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(f.auditEvents(IdentityAuditTypes.POLICY_RULE_UPDATED)).hasSize(1);
  }

  @Test
  void unknownRulesAreNotFound() {
    assertThatThrownBy(() -> f.core.loginPolicy().get(admin, "missing"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> f.core.loginPolicy().delete(admin, "missing"))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void listIsInEvaluationOrder() {
    f.core.loginPolicy().create(admin, rule("b", 10, Effect.ALLOW, null, null));
    f.core.loginPolicy().create(admin, rule("a", 10, Effect.DENY, null, null));
    f.core.loginPolicy().create(admin, rule("c", 5, Effect.ALLOW, null, null));

    assertThat(f.core.loginPolicy().list(admin))
        .extracting(PolicyRule::id)
        .containsExactly("c", "a", "b", "default-allow-login");
  }
}
