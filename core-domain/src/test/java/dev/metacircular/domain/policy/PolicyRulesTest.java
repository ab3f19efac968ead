package dev.metacircular.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PolicyRulesTest {

  private static PolicyRule rule(
      int priority, SubjectMatch subjects, ResourceMatch resources, List<String> actions) {
    return new PolicyRule("r1", priority, Effect.ALLOW, "", subjects, resources, actions);
  }

  private static PolicyRule withSubjects(List<String> u, List<String> r, List<String> t) {
    return rule(10, new SubjectMatch(u, r, t), null, null);
  }

  private static PolicyRule withResources(
      List<String> s, List<String> t, List<String> m, List<String> p) {
    return rule(10, null, new ResourceMatch(s, t, m, p), null);
  }

  /** One builder per list of a rule, each putting {@code values} in that list only. */
  private static final List<Function<List<String>, PolicyRule>> LISTS =
      List.of(
          v -> withSubjects(v, null, null),
          v -> withResources(v, null, null, null),
          v -> withResources(null, v, null, null),
          v -> withResources(null, null, v, null),
          v -> withResources(null, null, null, v),
          v -> rule(10, null, null, v));

  private static void assertInvalid(PolicyRule r, String message) {
    assertThatThrownBy(() -> PolicyRules.validate(r))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage(message);
  }

  @Test
  void aValidRuleIsReturnedAsItIs() {
    PolicyRule r =
        new PolicyRule(
            "r1",
            100,
            Effect.DENY,
            "guests may not decrypt",
            new SubjectMatch(
                List.of("alice"), List.of("admin", "user", "guest"), List.of("human", "system")),
            new ResourceMatch(
                List.of("metacrypt"),
                List.of("env:prod"),
                List.of("transit"),
                List.of("keys/**", "keys/*/rotate")),
            List.of("decrypt", "*"));

    assertThat(PolicyRules.validate(r)).isSameAs(r);
    assertThat(PolicyRules.validate(rule(0, null, null, null))).isNotNull();
    assertThat(PolicyRules.validate(rule(1_000_000, null, null, null))).isNotNull();
  }

  @Test
  void priorityMustLieBetweenZeroAndOneMillion() {
    assertInvalid(rule(-1, null, null, null), "priority must be between 0 and 1000000");
    assertInvalid(rule(1_000_001, null, null, null), "priority must be between 0 and 1000000");
  }

  @Test
  void everyListTakesAtMost64Entries() {
    List<String> max = Collections.nCopies(64, "x");
    List<String> tooMany = Collections.nCopies(65, "x");
    for (Function<List<String>, PolicyRule> list : LISTS) {
      assertThat(PolicyRules.validate(list.apply(max))).isNotNull();
      assertThatThrownBy(() -> PolicyRules.validate(list.apply(tooMany)))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessageEndingWith("has more than 64 entries");
    }
    assertInvalid(
        withSubjects(null, Collections.nCopies(65, "user"), null),
        "subjects.roles has more than 64 entries");
    assertInvalid(
        withSubjects(null, null, Collections.nCopies(65, "human")),
        "subjects.account_types has more than 64 entries");
  }

  @Test
  void entriesMustNotBeEmptyBlankOrTooLong() {
    for (Function<List<String>, PolicyRule> list : LISTS) {
      for (String bad : List.of("", "  ", "x".repeat(PolicyRule.MAX_TEXT + 1))) {
        assertThatThrownBy(() -> PolicyRules.validate(list.apply(List.of("ok", bad))))
            .isInstanceOf(DomainException.InvalidInput.class)
            .hasMessageEndingWith("[1] must be 1-256 characters, not blank");
      }
      assertThat(PolicyRules.validate(list.apply(List.of("x".repeat(PolicyRule.MAX_TEXT)))))
          .isNotNull();
    }
    assertInvalid(
        withResources(null, null, null, List.of("")),
        "resources.paths[0] must be 1-256 characters, not blank");
  }

  @Test
  void aPathGlobMayNotContainTripleStar() {
    assertInvalid(
        withResources(null, null, null, List.of("keys/**", "keys/***")),
        "resources.paths[1] contains \"***\": use \"*\" or \"**\"");
    assertThat(PolicyRules.validate(withResources(null, null, null, List.of("**/*")))).isNotNull();
  }

  @Test
  void accountTypesMustBeHumanOrSystem() {
    assertInvalid(
        withSubjects(null, null, List.of("human", "robot")),
        "subjects.account_types[1] must be \"human\" or \"system\"");
    assertInvalid(
        withSubjects(null, null, List.of("Human")),
        "subjects.account_types[0] must be \"human\" or \"system\"");
  }

  @Test
  void rolesMustBeAdminUserOrGuest() {
    assertInvalid(
        withSubjects(null, List.of("root"), null),
        "subjects.roles[0] must be \"admin\", \"user\" or \"guest\"");
  }

  @Test
  void newIdIsAFreshUuid() {
    String a = PolicyRules.newId();
    String b = PolicyRules.newId();

    assertThat(UUID.fromString(a).toString()).isEqualTo(a);
    assertThat(a).isNotEqualTo(b);
  }
}
