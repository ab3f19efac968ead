package dev.metacircular.domain.identity.policy;

import dev.metacircular.domain.identity.audit.Auditor;
import dev.metacircular.domain.policy.PolicyEngine;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import dev.metacircular.ports.storage.out.SettingsStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The identity service's login policy: the generic engine over the login rules, with no admin
 * bypass (an admin is subject to login policy like anyone) and default deny. The only reason logins
 * work out of the box is a visible, editable rule seeded on first start.
 */
public final class LoginPolicy {

  public static final String ACTION = "login";
  public static final String DEFAULT_RULE_ID = "default-allow-login";

  /** The lowest priority, so every rule an admin adds is evaluated first. */
  public static final int DEFAULT_RULE_PRIORITY = 1_000_000;

  static final String SEEDED_MARKER = "identity.login_policy.seeded";

  private final PolicyRuleStore rules;

  public LoginPolicy(PolicyRuleStore rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** What the rules decide for this account logging in to {@code service} with {@code tags}. */
  public Explanation evaluate(Account account, String service, List<String> tags) {
    return PolicyEngine.evaluate(rules.list(), request(account, service, tags));
  }

  /** The request login puts to the engine. */
  public static PolicyRequest request(Account account, String service, List<String> tags) {
    return new PolicyRequest(
        new PolicyRequest.Subject(
            account.username(),
            account.roles().stream().map(Role::wireName).sorted().toList(),
            account.type().wireName()),
        new PolicyRequest.Resource(service, tags, null, null),
        ACTION);
  }

  /** The rule seeded on first start. */
  public static PolicyRule defaultRule() {
    return new PolicyRule(
        DEFAULT_RULE_ID,
        DEFAULT_RULE_PRIORITY,
        Effect.ALLOW,
        "Lets every active account log in. Seeded on first start; edit or delete it to restrict"
            + " logins (with no matching rule, login is denied).",
        SubjectMatch.any(),
        ResourceMatch.any(),
        List.of(ACTION));
  }

  /**
   * Stores the default rule the first time the database is opened. A marker setting records that
   * this happened, so a rule an admin deleted stays deleted.
   */
  public static void seedOnce(
      SettingsStore settings, PolicyRuleStore rules, Transactions transactions, Auditor auditor) {
    transactions.run(
        () -> {
          if (!settings.putIfAbsent(SEEDED_MARKER, "1".getBytes(StandardCharsets.US_ASCII))) {
            return;
          }
          if (rules.find(DEFAULT_RULE_ID).isEmpty()) {
            rules.put(defaultRule());
            auditor.record(
                IdentityAuditTypes.POLICY_RULE_CREATED,
                Auditor.SYSTEM_ACTOR,
                DEFAULT_RULE_ID,
                "",
                Map.of(
                    "priority",
                    Integer.toString(DEFAULT_RULE_PRIORITY),
                    "effect",
                    Effect.ALLOW.wireName(),
                    "seeded",
                    "true"));
          }
        });
  }
}
