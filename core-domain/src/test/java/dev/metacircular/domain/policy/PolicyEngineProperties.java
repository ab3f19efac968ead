package dev.metacircular.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the policy engine over small vocabularies, so that rules match requests often and
 * priorities tie often. Expected values come from {@link ReferencePolicy}, a separately written
 * model, never from the engine's own {@code matches}: a property that computed its expectation with
 * the code under test would pass whatever that code did.
 */
class PolicyEngineProperties {

  private static final List<String> USERNAMES = List.of("alice", "bob", "carol");
  private static final List<String> ROLES = List.of("admin", "user", "guest");
  private static final List<String> TYPES = List.of("human", "system");
  private static final List<String> SERVICES = List.of("metacrypt", "mcias");
  private static final List<String> TAGS = List.of("env:prod", "env:dev", "tier:core");
  private static final List<String> MOUNTS = List.of("transit", "pki");
  private static final List<String> GLOBS =
      List.of("keys/*", "keys/**", "keys/*/rotate", "ca/?", "**", "a/**/c");
  private static final List<String> PATHS =
      List.of("keys/k1", "keys/k1/rotate", "ca/x", "a/c", "a/b/c", "other");
  private static final List<String> RULE_ACTIONS = List.of("read", "write", "login", "*");
  private static final List<String> ACTIONS = List.of("read", "write", "login");

  // ---- the properties -------------------------------------------------------------------------

  @Property(tries = 500)
  void everyDecisionIsTheReferenceModelsDecision(
      @ForAll("rules") List<PolicyRule> rules, @ForAll("requests") PolicyRequest request) {
    ReferencePolicy.Answer expected = ReferencePolicy.decide(rules, request);

    Explanation e = PolicyEngine.evaluate(rules, request);

    assertThat(e.decision()).isEqualTo(expected.decision());
    assertThat(e.rule()).isEqualTo(expected.rule());
    assertThat(e.reason())
        .isEqualTo(
            expected.rule() == null
                ? PolicyEngine.DEFAULT_DENY
                : "rule " + expected.rule().id() + " matched: " + expected.decision().wireName());
    int first = PolicyEngine.firstMatch(PolicyEngine.evaluationOrder(rules), request);
    assertThat(first < 0).isEqualTo(expected.rule() == null);
  }

  @Property(tries = 500)
  void everyRuleMatchesExactlyWhenTheReferenceModelSaysSo(
      @ForAll("rule") PolicyRule rule, @ForAll("requests") PolicyRequest request) {
    assertThat(PolicyEngine.matches(rule, request))
        .isEqualTo(ReferencePolicy.applies(rule, request));
  }

  @Property(tries = 1000)
  void everyGlobMatchesExactlyWhenTheReferenceModelSaysSo(
      @ForAll("globs") String glob, @ForAll("paths") String path) {
    assertThat(PathGlob.compile(glob).matches(path))
        .as("%s against %s", glob, path)
        .isEqualTo(ReferencePolicy.glob(glob, path));
    PolicyRule onlyPath =
        new PolicyRule(
            "p",
            0,
            Effect.ALLOW,
            null,
            SubjectMatch.any(),
            new ResourceMatch(null, null, null, List.of(glob)),
            null);
    PolicyRequest at =
        new PolicyRequest(null, new PolicyRequest.Resource(null, null, null, path), "read");
    assertThat(PolicyEngine.matches(onlyPath, at))
        .isEqualTo(!path.isEmpty() && ReferencePolicy.glob(glob, path));
  }

  @Property(tries = 300)
  void theAdminBypassIsTheOnlyWayPastADenyAndDefaultDeny(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll boolean admin) {
    ReferencePolicy.Answer expected = ReferencePolicy.decide(rules, request, admin);

    Explanation e = PolicyEngine.evaluate(rules, request, admin);

    assertThat(e.decision()).isEqualTo(expected.decision());
    assertThat(e.rule()).isEqualTo(expected.rule());
    if (admin) {
      assertThat(e).isEqualTo(PolicyEngine.ADMIN_BYPASS_DECISION);
    }
  }

  @Property(tries = 300)
  void anEmptyRuleSetDeniesEveryRequest(@ForAll("requests") PolicyRequest request) {
    assertThat(PolicyEngine.evaluate(List.of(), request))
        .isEqualTo(PolicyEngine.DEFAULT_DENY_DECISION);
    assertThat(PolicyEngine.DEFAULT_DENY_DECISION.decision()).isEqualTo(Effect.DENY);
    assertThat(PolicyEngine.DEFAULT_DENY_DECISION.rule()).isNull();
  }

  @Property(tries = 300)
  void theDecisionDoesNotDependOnTheOrderOfTheRules(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll Random random) {
    List<PolicyRule> shuffled = new ArrayList<>(rules);
    Collections.shuffle(shuffled, random);

    assertThat(PolicyEngine.evaluate(shuffled, request))
        .isEqualTo(PolicyEngine.evaluate(rules, request));
  }

  @Property(tries = 300)
  void withoutAMatchingRuleTheDecisionIsDeny(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll @IntRange(min = 0, max = 4) int how) {
    List<PolicyRule> nonMatching = rules.stream().map(r -> nonMatching(r, how)).toList();

    Explanation e = PolicyEngine.evaluate(nonMatching, request);

    assertThat(e.decision()).isEqualTo(Effect.DENY);
    assertThat(e.rule()).isNull();
    assertThat(e.reason()).isEqualTo(PolicyEngine.DEFAULT_DENY);
  }

  @Property(tries = 300)
  void atEqualPriorityAMatchingDenyBeatsAMatchingAllow(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll @IntRange(min = 0, max = 5) int priority) {
    List<PolicyRule> all = withoutMatchingRulesBelow(rules, request, priority);
    PolicyRule allow = matching("x-allow", priority, Effect.ALLOW, request);
    PolicyRule deny = matching("x-deny", priority, Effect.DENY, request);
    all.add(allow);
    all.add(deny);
    all.add(matching("a-allow", priority, Effect.ALLOW, request));

    Explanation e = PolicyEngine.evaluate(all, request);

    assertThat(e.decision()).isEqualTo(Effect.DENY);
    assertThat(e.rule().priority()).isEqualTo(priority);
  }

  @Property(tries = 300)
  void addingARuleThatDoesNotMatchChangesNoDecision(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll("rule") PolicyRule extra,
      @ForAll @IntRange(min = 0, max = 4) int how) {
    List<PolicyRule> more = new ArrayList<>(rules);
    more.add(nonMatching(extra.withId("x-extra"), how));

    assertThat(PolicyEngine.evaluate(more, request))
        .isEqualTo(PolicyEngine.evaluate(rules, request));
  }

  @Property(tries = 300)
  void anAllowBelowEveryMatchingDenyWins(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("requests") PolicyRequest request,
      @ForAll @IntRange(min = 0, max = 5) int priority) {
    List<PolicyRule> all = new ArrayList<>();
    for (PolicyRule r : rules) {
      boolean denyAtOrBelow =
          r.effect() == Effect.DENY
              && r.priority() <= priority
              && ReferencePolicy.applies(r, request);
      if (!denyAtOrBelow) {
        all.add(r);
      }
    }
    all.add(matching("x-allow", priority, Effect.ALLOW, request));

    assertThat(PolicyEngine.evaluate(all, request).decision()).isEqualTo(Effect.ALLOW);
  }

  @Property(tries = 300)
  void theAdminBypassAlwaysAllowsAndOtherwiseChangesNothing(
      @ForAll("rules") List<PolicyRule> rules, @ForAll("requests") PolicyRequest request) {
    assertThat(PolicyEngine.evaluate(rules, request, true).decision()).isEqualTo(Effect.ALLOW);
    assertThat(PolicyEngine.evaluate(rules, request, false))
        .isEqualTo(PolicyEngine.evaluate(rules, request));
  }

  // ---- rule and request builders --------------------------------------------------------------

  /** The same rule, made unable to match any generated request along one of five matchers. */
  private static PolicyRule nonMatching(PolicyRule r, int how) {
    SubjectMatch s = r.subjects();
    ResourceMatch m = r.resources();
    List<String> actions = r.actions();
    switch (how) {
      case 0 -> s = new SubjectMatch(List.of("nobody"), s.roles(), s.accountTypes());
      case 1 -> m = new ResourceMatch(List.of("nowhere"), m.tags(), m.mounts(), m.paths());
      case 2 -> m = new ResourceMatch(m.services(), List.of("absent-tag"), m.mounts(), m.paths());
      case 3 -> m = new ResourceMatch(m.services(), m.tags(), m.mounts(), List.of("no/such/**"));
      default -> actions = List.of("never");
    }
    return new PolicyRule(r.id(), r.priority(), r.effect(), r.description(), s, m, actions);
  }

  /** A rule that names exactly what the request carries, so it matches it. */
  private static PolicyRule matching(String id, int priority, Effect effect, PolicyRequest q) {
    PolicyRule r =
        new PolicyRule(
            id,
            priority,
            effect,
            null,
            new SubjectMatch(
                present(q.subject().username()),
                q.subject().roles().isEmpty() ? List.of() : List.of(q.subject().roles().get(0)),
                present(q.subject().accountType())),
            new ResourceMatch(
                present(q.resource().service()),
                q.resource().tags(),
                present(q.resource().mount()),
                present(q.resource().path())),
            present(q.action()));
    assertThat(ReferencePolicy.applies(r, q)).as("built to match").isTrue();
    return r;
  }

  private static List<String> present(String value) {
    return value == null || value.isEmpty() ? List.of() : List.of(value);
  }

  private static List<PolicyRule> withoutMatchingRulesBelow(
      List<PolicyRule> rules, PolicyRequest request, int priority) {
    List<PolicyRule> kept = new ArrayList<>();
    for (PolicyRule r : rules) {
      if (r.priority() >= priority || !ReferencePolicy.applies(r, request)) {
        kept.add(r);
      }
    }
    return kept;
  }

  // ---- generators -----------------------------------------------------------------------------

  private static Arbitrary<List<String>> someOf(List<String> vocabulary, int max) {
    return Arbitraries.of(vocabulary).list().uniqueElements().ofMaxSize(max);
  }

  private static Arbitrary<String> oneOfOrNull(List<String> vocabulary) {
    return Arbitraries.of(vocabulary).injectNull(0.15);
  }

  /** Globs over a tiny alphabet: literals, slashes and every wildcard, never "***". */
  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.of("a", "b", "/", "?", "*", "**", "**/", "/**", "/**/")
        .list()
        .ofMaxSize(6)
        .map(parts -> String.join("", parts))
        .filter(g -> !g.contains("***"))
        .injectDuplicates(0.05);
  }

  /** Paths over the same alphabet, the empty path included. */
  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars('a', 'b', '/').ofMaxLength(8);
  }

  @Provide
  Arbitrary<PolicyRule> rule() {
    Arbitrary<SubjectMatch> subjects =
        Combinators.combine(someOf(USERNAMES, 2), someOf(ROLES, 2), someOf(TYPES, 1))
            .as(SubjectMatch::new);
    Arbitrary<ResourceMatch> resources =
        Combinators.combine(
                someOf(SERVICES, 1),
                someOf(TAGS, 2),
                someOf(MOUNTS, 1),
                Arbitraries.oneOf(someOf(GLOBS, 2), globs().list().ofMaxSize(2)))
            .as(ResourceMatch::new);
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(Effect.class),
            subjects,
            resources,
            someOf(RULE_ACTIONS, 2))
        .as((p, e, s, r, a) -> new PolicyRule(null, p, e, null, s, r, a));
  }

  @Provide
  Arbitrary<List<PolicyRule>> rules() {
    return rule()
        .list()
        .ofMaxSize(10)
        .map(
            list -> {
              List<PolicyRule> named = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                named.add(list.get(i).withId("r" + i));
              }
              return named;
            });
  }

  @Provide
  Arbitrary<PolicyRequest> requests() {
    Arbitrary<PolicyRequest.Subject> subject =
        Combinators.combine(oneOfOrNull(USERNAMES), someOf(ROLES, 2), oneOfOrNull(TYPES))
            .as(PolicyRequest.Subject::new);
    Arbitrary<PolicyRequest.Resource> resource =
        Combinators.combine(
                oneOfOrNull(SERVICES),
                someOf(TAGS, 3),
                oneOfOrNull(MOUNTS),
                Arbitraries.oneOf(oneOfOrNull(PATHS), paths()))
            .as(PolicyRequest.Resource::new);
    return Combinators.combine(subject, resource, oneOfOrNull(ACTIONS)).as(PolicyRequest::new);
  }
}
