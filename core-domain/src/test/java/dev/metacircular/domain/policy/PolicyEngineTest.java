package dev.metacircular.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

  private static final PolicyRequest ALICE_DECRYPTS =
      new PolicyRequest(
          new PolicyRequest.Subject("alice", List.of("user", "guest"), "human"),
          new PolicyRequest.Resource(
              "metacrypt", List.of("env:prod", "tier:core"), "transit", "keys/k1/decrypt"),
          "decrypt");

  private static PolicyRule anyRule(String id, int priority, Effect effect) {
    return new PolicyRule(id, priority, effect, null, null, null, null);
  }

  private static PolicyRule subjects(
      List<String> usernames, List<String> roles, List<String> types) {
    return new PolicyRule(
        "s", 10, Effect.ALLOW, null, new SubjectMatch(usernames, roles, types), null, null);
  }

  private static PolicyRule resources(
      List<String> services, List<String> tags, List<String> mounts, List<String> paths) {
    return new PolicyRule(
        "r", 10, Effect.ALLOW, null, null, new ResourceMatch(services, tags, mounts, paths), null);
  }

  private static PolicyRule actions(List<String> actions) {
    return new PolicyRule("a", 10, Effect.ALLOW, null, null, null, actions);
  }

  private static PolicyRequest subject(String username, List<String> roles, String type) {
    return new PolicyRequest(
        new PolicyRequest.Subject(username, roles, type), ALICE_DECRYPTS.resource(), "decrypt");
  }

  private static PolicyRequest resource(
      String service, List<String> tags, String mount, String path) {
    return new PolicyRequest(
        ALICE_DECRYPTS.subject(),
        new PolicyRequest.Resource(service, tags, mount, path),
        "decrypt");
  }

  private static PolicyRequest action(String action) {
    return new PolicyRequest(ALICE_DECRYPTS.subject(), ALICE_DECRYPTS.resource(), action);
  }

  private static boolean matches(PolicyRule rule, PolicyRequest request) {
    return PolicyEngine.matches(rule, request);
  }

  @Test
  void withoutRulesTheAnswerIsDefaultDeny() {
    Explanation e = PolicyEngine.evaluate(List.of(), ALICE_DECRYPTS);

    assertThat(e.decision()).isEqualTo(Effect.DENY);
    assertThat(e.rule()).isNull();
    assertThat(e.reason()).isEqualTo("no rule matched (default deny)");
  }

  @Test
  void whenNoRuleMatchesTheAnswerIsDefaultDeny() {
    PolicyRule bobOnly = subjects(List.of("bob"), null, null);

    Explanation e = PolicyEngine.evaluate(List.of(bobOnly), ALICE_DECRYPTS);

    assertThat(e).isEqualTo(new Explanation(Effect.DENY, null, "no rule matched (default deny)"));
  }

  @Test
  void aMatchingRuleDecidesAndTheReasonNamesItsIdAndEffect() {
    PolicyRule allow = anyRule("allow-all", 10, Effect.ALLOW);

    Explanation e = PolicyEngine.evaluate(List.of(allow), ALICE_DECRYPTS);

    assertThat(e.decision()).isEqualTo(Effect.ALLOW);
    assertThat(e.allowed()).isTrue();
    assertThat(e.rule()).isEqualTo(allow);
    assertThat(e.reason()).contains("allow-all").contains("allow");

    Explanation d =
        PolicyEngine.evaluate(List.of(anyRule("deny-all", 10, Effect.DENY)), ALICE_DECRYPTS);
    assertThat(d.reason()).contains("deny-all").contains("deny");
  }

  @Test
  void theLowestPriorityMatchingRuleDecides() {
    PolicyRule allow10 = anyRule("allow", 10, Effect.ALLOW);
    PolicyRule deny20 = anyRule("deny", 20, Effect.DENY);
    PolicyRule deny5 = anyRule("deny-early", 5, Effect.DENY);

    assertThat(PolicyEngine.evaluate(List.of(deny20, allow10), ALICE_DECRYPTS).rule())
        .isEqualTo(allow10);
    assertThat(PolicyEngine.evaluate(List.of(deny20, allow10, deny5), ALICE_DECRYPTS).rule())
        .isEqualTo(deny5);
  }

  @Test
  void aRuleThatDoesNotMatchIsSkipped() {
    PolicyRule bobDenied =
        new PolicyRule(
            "bob", 1, Effect.DENY, null, new SubjectMatch(List.of("bob"), null, null), null, null);
    PolicyRule allow = anyRule("allow", 10, Effect.ALLOW);

    assertThat(PolicyEngine.evaluate(List.of(bobDenied, allow), ALICE_DECRYPTS).rule())
        .isEqualTo(allow);
  }

  @Test
  void denyWinsATieAtEqualPriorityWhateverTheOrderGiven() {
    PolicyRule allow = anyRule("a-allow", 10, Effect.ALLOW);
    PolicyRule deny = anyRule("z-deny", 10, Effect.DENY);

    assertThat(PolicyEngine.evaluate(List.of(allow, deny), ALICE_DECRYPTS).rule()).isEqualTo(deny);
    assertThat(PolicyEngine.evaluate(List.of(deny, allow), ALICE_DECRYPTS).rule()).isEqualTo(deny);
  }

  @Test
  void atEqualPriorityAndEffectTheSmallerIdComesFirst() {
    PolicyRule b = anyRule("b", 10, Effect.ALLOW);
    PolicyRule a = anyRule("a", 10, Effect.ALLOW);

    assertThat(PolicyEngine.evaluate(List.of(b, a), ALICE_DECRYPTS).rule()).isEqualTo(a);
  }

  @Test
  void evaluationOrderIsPriorityThenDenyFirstThenId() {
    PolicyRule b20 = anyRule("b", 20, Effect.ALLOW);
    PolicyRule z10 = anyRule("z", 10, Effect.ALLOW);
    PolicyRule y10deny = anyRule("y", 10, Effect.DENY);
    PolicyRule a10 = anyRule("a", 10, Effect.ALLOW);
    PolicyRule noId10 = anyRule(null, 10, Effect.ALLOW);
    PolicyRule c0 = anyRule("c", 0, Effect.ALLOW);

    assertThat(PolicyEngine.evaluationOrder(List.of(b20, z10, noId10, y10deny, a10, c0)))
        .containsExactly(c0, y10deny, a10, z10, noId10, b20);
  }

  @Test
  void adminBypassAllowsWithoutConsultingTheRules() {
    List<PolicyRule> denyAll = List.of(anyRule("deny-all", 0, Effect.DENY));

    Explanation bypass = PolicyEngine.evaluate(denyAll, ALICE_DECRYPTS, true);
    assertThat(bypass).isEqualTo(new Explanation(Effect.ALLOW, null, "admin bypass"));

    Explanation noBypass = PolicyEngine.evaluate(denyAll, ALICE_DECRYPTS, false);
    assertThat(noBypass).isEqualTo(PolicyEngine.evaluate(denyAll, ALICE_DECRYPTS));
    assertThat(noBypass.decision()).isEqualTo(Effect.DENY);
  }

  @Test
  void aRuleWithOnlyEmptyListsMatchesAnyRequestEvenAnEmptyOne() {
    PolicyRule any = anyRule("any", 1, Effect.ALLOW);

    assertThat(matches(any, ALICE_DECRYPTS)).isTrue();
    assertThat(matches(any, new PolicyRequest(null, null, null))).isTrue();
  }

  @Test
  void usernamesMatchTheSubjectsUsername() {
    PolicyRule r = subjects(List.of("alice", "carol"), null, null);

    assertThat(matches(r, subject("alice", List.of(), "human"))).isTrue();
    assertThat(matches(r, subject("carol", List.of(), "human"))).isTrue();
    assertThat(matches(r, subject("bob", List.of(), "human"))).isFalse();
    assertThat(matches(r, subject("Alice", List.of(), "human"))).isFalse();
    assertThat(matches(r, subject(null, List.of(), "human"))).isFalse();
    assertThat(matches(r, subject("", List.of(), "human"))).isFalse();
  }

  @Test
  void rolesMatchWhenTheSubjectHasAnyListedRole() {
    PolicyRule r = subjects(null, List.of("admin", "user"), null);

    assertThat(matches(r, subject("alice", List.of("guest", "user"), "human"))).isTrue();
    assertThat(matches(r, subject("alice", List.of("admin"), "human"))).isTrue();
    assertThat(matches(r, subject("alice", List.of("guest"), "human"))).isFalse();
    assertThat(matches(r, subject("alice", List.of(), "human"))).isFalse();
  }

  @Test
  void accountTypesMatchTheSubjectsType() {
    PolicyRule r = subjects(null, null, List.of("system"));

    assertThat(matches(r, subject("bot", List.of(), "system"))).isTrue();
    assertThat(matches(r, subject("alice", List.of(), "human"))).isFalse();
    assertThat(matches(r, subject("alice", List.of(), null))).isFalse();
  }

  @Test
  void servicesMatchTheResourcesService() {
    PolicyRule r = resources(List.of("metacrypt"), null, null, null);

    assertThat(matches(r, resource("metacrypt", List.of(), null, null))).isTrue();
    assertThat(matches(r, resource("mcias", List.of(), null, null))).isFalse();
    assertThat(matches(r, resource(null, List.of(), null, null))).isFalse();
  }

  @Test
  void tagsMatchWhenTheRequestCarriesEveryListedTag() {
    PolicyRule r = resources(null, List.of("env:prod", "tier:core"), null, null);

    assertThat(matches(r, resource(null, List.of("tier:core", "x", "env:prod"), null, null)))
        .isTrue();
    assertThat(matches(r, resource(null, List.of("env:prod"), null, null))).isFalse();
    assertThat(matches(r, resource(null, List.of(), null, null))).isFalse();
    assertThat(
            matches(resources(null, List.of(), null, null), resource(null, List.of(), null, null)))
        .isTrue();
  }

  @Test
  void mountsMatchTheResourcesMount() {
    PolicyRule r = resources(null, null, List.of("transit", "pki"), null);

    assertThat(matches(r, resource(null, List.of(), "pki", null))).isTrue();
    assertThat(matches(r, resource(null, List.of(), "ssh", null))).isFalse();
    assertThat(matches(r, resource(null, List.of(), null, null))).isFalse();
  }

  @Test
  void pathsMatchWhenAnyGlobMatches() {
    PolicyRule r = resources(null, null, null, List.of("keys/*/rotate", "ca/**"));

    assertThat(matches(r, resource(null, List.of(), null, "keys/k1/rotate"))).isTrue();
    assertThat(matches(r, resource(null, List.of(), null, "ca/x/y"))).isTrue();
    assertThat(matches(r, resource(null, List.of(), null, "keys/a/b/rotate"))).isFalse();
    assertThat(matches(r, resource(null, List.of(), null, null))).isFalse();
    assertThat(
            matches(
                resources(null, null, null, List.of("**")), resource(null, List.of(), null, null)))
        .isFalse();
  }

  @Test
  void actionsMatchTheActionOrAStar() {
    assertThat(matches(actions(List.of("read", "list")), action("read"))).isTrue();
    assertThat(matches(actions(List.of("read", "list")), action("write"))).isFalse();
    assertThat(matches(actions(List.of("read", "list")), action(""))).isFalse();
    assertThat(matches(actions(List.of("*")), action("write"))).isTrue();
    assertThat(matches(actions(List.of("*")), action(""))).isTrue();
    assertThat(matches(actions(List.of()), action("anything"))).isTrue();
  }

  @Test
  void everyMatcherMustAccept() {
    PolicyRule r =
        new PolicyRule(
            "all",
            10,
            Effect.ALLOW,
            null,
            new SubjectMatch(List.of("alice"), List.of("user"), List.of("human")),
            new ResourceMatch(
                List.of("metacrypt"), List.of("env:prod"), List.of("transit"), List.of("keys/**")),
            List.of("decrypt"));

    assertThat(matches(r, ALICE_DECRYPTS)).isTrue();
    assertThat(matches(r, action("encrypt"))).isFalse();
    assertThat(matches(r, subject("alice", List.of("guest"), "human"))).isFalse();
    assertThat(matches(r, resource("metacrypt", List.of("env:prod"), "pki", "keys/k1"))).isFalse();
    assertThat(matches(r, resource("metacrypt", List.of("env:prod"), "transit", "certs/k1")))
        .isFalse();
  }
}
