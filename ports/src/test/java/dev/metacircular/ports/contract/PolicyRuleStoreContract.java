package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PolicyRuleStore} must show: a rule reads back equal to what was put,
 * every list in its order.
 */
public abstract class PolicyRuleStoreContract extends StorageContract {

  private PolicyRuleStore store() {
    return fixture().policyRules();
  }

  private static PolicyRule fullRule(String id) {
    return new PolicyRule(
        id,
        250,
        Effect.DENY,
        "no guests on the transit mount after hours",
        new SubjectMatch(List.of("alice", "bob"), List.of("guest", "user"), List.of("human")),
        new ResourceMatch(
            List.of("metacrypt", "mcias"),
            List.of("env:prod", "tier:core"),
            List.of("transit", "pki"),
            List.of("keys/**", "keys/*/rotate", "ca/?")),
        List.of("decrypt", "encrypt", "rotate"));
  }

  private static PolicyRule anyRule(String id, int priority, Effect effect) {
    return new PolicyRule(id, priority, effect, null, null, null, null);
  }

  @Test
  void aNewStoreHasNoRules() {
    assertThat(store().list()).isEmpty();
    assertThat(store().find("r1")).isEmpty();
  }

  @Test
  void aRuleRoundTripsEveryField() {
    PolicyRule rule = fullRule("r1");
    store().put(rule);

    assertThat(store().find("r1")).contains(rule);
    assertThat(store().list()).containsExactly(rule);
  }

  @Test
  void aRuleWithEmptyListsAndNoDescriptionRoundTrips() {
    PolicyRule rule = anyRule("allow-all", 0, Effect.ALLOW);
    store().put(rule);

    PolicyRule found = store().find("allow-all").orElseThrow();
    assertThat(found).isEqualTo(rule);
    assertThat(found.description()).isEmpty();
    assertThat(found.actions()).isEmpty();
    assertThat(found.subjects()).isEqualTo(SubjectMatch.any());
    assertThat(found.resources()).isEqualTo(ResourceMatch.any());
  }

  @Test
  void entriesWithAwkwardCharactersAndTheirOrderSurvive() {
    List<String> awkward =
        List.of(
            "z-last-first",
            "a,b",
            "quote\"inside",
            "[bracket]",
            "back\\slash",
            "sp ace",
            "new\nline",
            "ünïcødé ✓",
            "{\"json\":1}");
    PolicyRule rule =
        new PolicyRule(
            "r-awkward",
            7,
            Effect.ALLOW,
            "desc with \"quotes\", commas\nand a newline",
            new SubjectMatch(awkward, awkward, awkward),
            new ResourceMatch(awkward, awkward, awkward, awkward),
            awkward);
    store().put(rule);

    assertThat(store().find("r-awkward")).contains(rule);
  }

  @Test
  void extremePrioritiesAndBothEffectsRoundTrip() {
    store().put(anyRule("low", 0, Effect.ALLOW));
    store().put(anyRule("high", 1_000_000, Effect.DENY));

    assertThat(store().find("low")).contains(anyRule("low", 0, Effect.ALLOW));
    assertThat(store().find("high")).contains(anyRule("high", 1_000_000, Effect.DENY));
  }

  @Test
  void putWithAnExistingIdReplacesTheRule() {
    store().put(fullRule("r1"));
    PolicyRule replacement = anyRule("r1", 5, Effect.ALLOW);

    store().put(replacement);

    assertThat(store().find("r1")).contains(replacement);
    assertThat(store().list()).containsExactly(replacement);
  }

  @Test
  void listHoldsEveryRule() {
    PolicyRule a = fullRule("a");
    PolicyRule b = anyRule("b", 1, Effect.ALLOW);
    PolicyRule c = anyRule("c", 1, Effect.DENY);
    store().put(c);
    store().put(a);
    store().put(b);

    assertThat(store().list()).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void deleteRemovesTheRuleAndAnswersFalseTheSecondTime() {
    store().put(fullRule("r1"));
    store().put(fullRule("r2"));

    assertThat(store().delete("r1")).isTrue();
    assertThat(store().find("r1")).isEmpty();
    assertThat(store().delete("r1")).isFalse();
    assertThat(store().list()).containsExactly(fullRule("r2"));
  }

  @Test
  void deletingAnUnknownIdAnswersFalse() {
    store().put(fullRule("r1"));

    assertThat(store().delete("r2")).isFalse();
    assertThat(store().list()).hasSize(1);
  }

  @Test
  void aRuleWithoutIdIsRefusedAndNothingIsStored() {
    PolicyRule noId = anyRule(null, 1, Effect.ALLOW);

    assertThatThrownBy(() -> store().put(noId)).isInstanceOf(RuntimeException.class);
    assertThat(store().list()).isEmpty();
  }
}
