package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.policy.ReferencePolicy;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The crypto service's ACL through its front door: rules created through the policy port (so stored
 * in the barrier), engine requests decided by {@code operations().dispatch}, on generated rules,
 * callers, mounts, operations and keys. Expected decisions come from {@link ReferencePolicy}, a
 * model written apart from the engine, plus the service's own rule that the identity {@code admin}
 * role, and nothing else, bypasses the rules. Each property fails when one of the ACL's promises
 * breaks: default deny, the admin-only bypass, matching on the key's path (per key, not per mount),
 * DENY winning a tie. One core is shared by the tries (init costs a key derivation); each try
 * replaces the rule set.
 */
class AclProperties {

  private static final List<String> USERS = List.of("alice", "bob");
  private static final List<String> RULE_ROLES = List.of("user", "guest");
  private static final List<Role> CALLER_ROLES = List.of(Role.USER, Role.GUEST);
  private static final List<AccountType> CALLER_TYPES =
      List.of(AccountType.HUMAN, AccountType.SYSTEM);
  private static final List<String> TYPES = List.of("human", "system");
  private static final List<String> MOUNTS = List.of("m1", "m2");
  private static final List<String> OPS = List.of("put", "get");

  /** Keys whose paths (kv/<key>) prefix one another, so a path check that is too loose shows. */
  private static final List<String> KEYS = List.of("a", "ab", "a/b", "b", "b/a/c");

  private static final List<String> GLOBS =
      List.of("kv/a", "kv/a*", "kv/*", "kv/**", "kv/a/*", "kv/?", "kv/**/c", "kv/b/**");

  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "j", "");
  private static final InMemoryAuditLog AUDIT = new InMemoryAuditLog();
  private static final CryptoCore CORE =
      CryptoCore.open(
          new InMemoryPhysicalStorage(),
          AUDIT,
          new CryptoCoreTest.NoAuthentication(),
          List.of(new KvEngineType()),
          CryptoCoreTest.CHEAP,
          new ManualClock(Instant.EPOCH),
          Runnable::run);

  static {
    CORE.seal().initialize("property password".toCharArray());
    for (String m : MOUNTS) {
      CORE.mounts().mount(ADMIN, m, "kv", Map.of());
    }
  }

  /** One engine request: who asks, on which mount, which operation, on which key. */
  record Ask(Caller caller, String mount, String op, String key) {
    PolicyRequest asPolicyRequest() {
      return new PolicyRequest(
          new PolicyRequest.Subject(caller.name(), caller.roleNames(), caller.accountTypeName()),
          new PolicyRequest.Resource(AclRules.SERVICE, List.of(), mount, "kv/" + key),
          op);
    }
  }

  // ---- the properties -------------------------------------------------------------------------

  @Property(tries = 150)
  void everyDecisionIsTheReferenceModelsWhateverTheCreationOrder(
      @ForAll("rules") List<PolicyRule> rules,
      @ForAll("asks") List<Ask> asks,
      @ForAll Random random) {
    List<PolicyRule> shuffled = new ArrayList<>(rules);
    Collections.shuffle(shuffled, random);
    install(shuffled);

    for (Ask ask : asks) {
      boolean expected =
          ReferencePolicy.decide(rules, ask.asPolicyRequest(), ask.caller().isAdmin()).decision()
              == Effect.ALLOW;
      assertThat(allowed(ask)).as("%s under %s", ask, rules).isEqualTo(expected);
      // The explain call answers as the request was decided.
      assertThat(CORE.policy().explain(ADMIN, ask.asPolicyRequest()).allowed())
          .as("explain %s", ask)
          .isEqualTo(expected);
      Statistics.label("decision").collect(expected ? "allow" : "deny");
    }
    Statistics.label("decision")
        .coverage(
            c -> {
              c.check("allow").percentage(p -> p > 10);
              c.check("deny").percentage(p -> p > 10);
            });
  }

  @Property(tries = 60)
  void whenNoRuleMatchesEveryNonAdminRequestIsDeniedAndAudited(
      @ForAll("rules") List<PolicyRule> rules, @ForAll("nonAdminAsks") List<Ask> asks) {
    // The same rules, addressed to nobody who asks: none can match.
    List<PolicyRule> nobodys = new ArrayList<>();
    for (PolicyRule r : rules) {
      nobodys.add(
          new PolicyRule(
              r.id(),
              r.priority(),
              r.effect(),
              "",
              new SubjectMatch(
                  List.of("nobody"), r.subjects().roles(), r.subjects().accountTypes()),
              r.resources(),
              r.actions()));
    }
    install(nobodys);
    for (Ask ask : asks) {
      long before = AUDIT.tail(1).get(0).id();
      assertThat(allowed(ask)).as("%s under %s", ask, nobodys).isFalse();
      AuditEvent last = AUDIT.tail(1).get(0);
      assertThat(last.id()).as("one audit event per denial").isEqualTo(before + 1);
      assertThat(last.type()).isEqualTo(CryptoAuditTypes.ENGINE_REQUEST_DENIED);
      assertThat(last.subject()).isEqualTo(ask.mount());
    }
    // Not an engine that denies everything: one rule for anybody lets the same requests in.
    CORE.policy()
        .create(
            ADMIN,
            new PolicyRule(
                "anybody",
                50,
                Effect.ALLOW,
                "",
                SubjectMatch.any(),
                ResourceMatch.any(),
                List.of()));
    for (Ask ask : asks) {
      assertThat(allowed(ask)).as("%s with an allow-all rule", ask).isTrue();
    }
  }

  @Property(tries = 60)
  void onlyTheAdminRoleBypassesTheRules(
      @ForAll("rules") List<PolicyRule> rules, @ForAll("nonAdminAsks") List<Ask> asks) {
    List<PolicyRule> withDenyAll = new ArrayList<>(rules);
    withDenyAll.add(
        new PolicyRule(
            "deny-all", 0, Effect.DENY, "", SubjectMatch.any(), ResourceMatch.any(), List.of()));
    install(withDenyAll);
    for (Ask ask : asks) {
      assertThat(allowed(ask)).as("%s without the admin role", ask).isFalse();
      Set<Role> roles = new HashSet<>(ask.caller().roles());
      roles.add(Role.ADMIN);
      Caller admin =
          new Caller(
              ask.caller().accountId(),
              ask.caller().name(),
              roles,
              ask.caller().accountType(),
              "j",
              "");
      assertThat(allowed(new Ask(admin, ask.mount(), ask.op(), ask.key())))
          .as("%s with the admin role", ask)
          .isTrue();
    }
  }

  @Property(tries = 100)
  void aPathRuleGrantsExactlyTheKeysItsGlobMatches(
      @ForAll("glob") String glob, @ForAll("nonAdminAsks") List<Ask> asks) {
    install(
        List.of(
            new PolicyRule(
                "by-path",
                10,
                Effect.ALLOW,
                "",
                SubjectMatch.any(),
                new ResourceMatch(null, null, null, List.of(glob)),
                List.of())));
    for (Ask ask : asks) {
      assertThat(allowed(ask))
          .as("%s under a rule for %s", ask, glob)
          .isEqualTo(ReferencePolicy.glob(glob, "kv/" + ask.key()));
    }
  }

  @Property(tries = 60)
  void aMatchingDenyWinsATieAndLosesToAnAllowBelowIt(
      @ForAll("nonAdminAsk") Ask ask,
      @ForAll @IntRange(min = 0, max = 100) int priority,
      @ForAll("rules") List<PolicyRule> noise,
      @ForAll boolean denyFirst) {
    // Noise strictly after the two rules that matter, so it never decides.
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule r : noise) {
      rules.add(withPriority(r, r.id(), priority + 2 + r.priority()));
    }
    PolicyRule allow = exactly(ask, "t-allow", priority, Effect.ALLOW);
    PolicyRule deny = exactly(ask, "t-deny", priority, Effect.DENY);
    rules.addAll(denyFirst ? List.of(deny, allow) : List.of(allow, deny));
    install(rules);
    assertThat(allowed(ask)).as("allow and deny tie at %d", priority).isFalse();

    CORE.policy().replace(ADMIN, "t-deny", withPriority(deny, "t-deny", priority + 1));
    assertThat(allowed(ask)).as("allow at %d, deny at %d", priority, priority + 1).isTrue();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void install(List<PolicyRule> rules) {
    for (PolicyRule r : CORE.policy().list(ADMIN)) {
      CORE.policy().delete(ADMIN, r.id());
    }
    for (PolicyRule r : rules) {
      CORE.policy().create(ADMIN, r);
    }
  }

  private static boolean allowed(Ask ask) {
    try {
      TreeRequests.of(CORE)
          .handle(
              ask.caller(),
              new EngineRequest(
                  ask.mount(),
                  ask.op(),
                  ask.op().equals("put")
                      ? Map.of("key", ask.key(), "value", "v")
                      : Map.of("key", ask.key())));
      return true;
    } catch (DomainException.Forbidden e) {
      return false;
    } catch (DomainException.NotFound e) {
      assertThat(e.getMessage()).isEqualTo("no value"); // let in; nothing stored at the key yet
      return true;
    }
  }

  /** A rule naming exactly what the request carries. */
  private static PolicyRule exactly(Ask ask, String id, int priority, Effect effect) {
    List<String> roles = ask.caller().roleNames().stream().filter(RULE_ROLES::contains).toList();
    return new PolicyRule(
        id,
        priority,
        effect,
        "",
        new SubjectMatch(
            List.of(ask.caller().name()),
            roles.isEmpty() ? null : roles.subList(0, 1),
            List.of(ask.caller().accountTypeName())),
        new ResourceMatch(
            List.of(AclRules.SERVICE), null, List.of(ask.mount()), List.of("kv/" + ask.key())),
        List.of(ask.op()));
  }

  private static PolicyRule withPriority(PolicyRule r, String id, int priority) {
    return new PolicyRule(
        id, priority, r.effect(), r.description(), r.subjects(), r.resources(), r.actions());
  }

  // ---- generators -----------------------------------------------------------------------------

  private static Arbitrary<List<String>> someOf(List<String> vocabulary) {
    return Arbitraries.of(vocabulary).list().uniqueElements().ofMaxSize(1);
  }

  @Provide
  Arbitrary<String> glob() {
    return Arbitraries.of(GLOBS);
  }

  @Provide
  Arbitrary<List<PolicyRule>> rules() {
    Arbitrary<SubjectMatch> subjects =
        Combinators.combine(someOf(USERS), someOf(RULE_ROLES), someOf(TYPES)).as(SubjectMatch::new);
    Arbitrary<ResourceMatch> resources =
        Combinators.combine(
                someOf(MOUNTS), Arbitraries.of(GLOBS).list().uniqueElements().ofMaxSize(2))
            .as((m, p) -> new ResourceMatch(null, null, m, p));
    Arbitrary<List<String>> actions =
        Arbitraries.of("put", "get", "*").list().uniqueElements().ofMaxSize(1);
    Arbitrary<PolicyRule> rule =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(Effect.class),
                subjects,
                resources,
                actions)
            .as((p, e, s, r, a) -> new PolicyRule(null, p, e, "", s, r, a));
    return rule.list()
        .ofMaxSize(6)
        .map(
            list -> {
              List<PolicyRule> named = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                named.add(list.get(i).withId("r" + i));
              }
              return named;
            });
  }

  private static Arbitrary<Ask> ask(boolean mayBeAdmin) {
    List<Role> roles = new ArrayList<>(CALLER_ROLES);
    if (mayBeAdmin) {
      roles.add(Role.ADMIN);
    }
    // A name or account type that looks privileged must not count: only the role does.
    Arbitrary<String> names = Arbitraries.of("alice", "bob", "admin", "root");
    Arbitrary<Caller> callers =
        Combinators.combine(
                names, Arbitraries.of(roles).set().ofMaxSize(2), Arbitraries.of(CALLER_TYPES))
            .as((n, r, t) -> new Caller(UUID.randomUUID(), n, r, t, "j", ""));
    return Combinators.combine(
            callers, Arbitraries.of(MOUNTS), Arbitraries.of(OPS), Arbitraries.of(KEYS))
        .as(Ask::new);
  }

  @Provide
  Arbitrary<List<Ask>> asks() {
    return ask(true).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Ask>> nonAdminAsks() {
    return ask(false).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Ask> nonAdminAsk() {
    return ask(false);
  }
}
