package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.EngineRequest;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

/**
 * The crypto service's ACL through its front door (rules stored in the barrier, engine requests
 * decided): rules at distinct priorities decide the same whatever order they were created in,
 * and no rule means deny. One core is shared by the tries (init costs a key derivation).
 */
class AclProperties {

  private static final List<String> USERS = List.of("alice", "bob");
  private static final List<String> MOUNTS = List.of("m1", "m2");
  private static final List<String> OPS = List.of("put", "get");
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "root", Set.of("admin"), "human", "j", "");
  private static final CryptoCore CORE =
      CryptoCore.open(new InMemoryPhysicalStorage(), new InMemoryAuditLog(),
          new CryptoCoreTest.NoAuthentication(), List.of(new KvEngineType()),
          CryptoCoreTest.CHEAP, new ManualClock(Instant.EPOCH), Runnable::run);

  static {
    CORE.seal().initialize("property password".toCharArray());
    for (String m : MOUNTS) {
      CORE.mounts().mount(ADMIN, m, "kv", Map.of());
    }
  }

  @Property(tries = 60)
  void creationOrderNeverChangesADecision(
      @ForAll("rules") List<PolicyRule> rules, @ForAll Random random) {
    List<Boolean> first = decisionsAfterCreating(rules);
    List<PolicyRule> shuffled = new ArrayList<>(rules);
    Collections.shuffle(shuffled, random);
    assertThat(decisionsAfterCreating(shuffled)).isEqualTo(first);
  }

  @Property(tries = 20)
  void withoutRulesEveryNonAdminRequestIsDenied() {
    decisionsAfterCreating(List.of()).forEach(allowed -> assertThat(allowed).isFalse());
  }

  private static List<Boolean> decisionsAfterCreating(List<PolicyRule> rules) {
    for (PolicyRule r : CORE.policy().list(ADMIN)) {
      CORE.policy().delete(ADMIN, r.id());
    }
    for (PolicyRule r : rules) {
      CORE.policy().create(ADMIN, r);
    }
    List<Boolean> decisions = new ArrayList<>();
    for (String user : USERS) {
      Caller caller = new Caller(UUID.randomUUID(), user, Set.of("user"), "human", "j", "");
      for (String mount : MOUNTS) {
        for (String op : OPS) {
          decisions.add(allowed(caller, mount, op));
        }
      }
    }
    return decisions;
  }

  private static boolean allowed(Caller caller, String mount, String op) {
    try {
      CORE.requests().handle(caller, new EngineRequest(mount, op, Map.of("key", "k",
          "value", "v")));
      return true;
    } catch (DomainException.Forbidden e) {
      return false;
    } catch (DomainException.NotFound e) {
      return true; // allowed, but nothing stored under k yet
    }
  }

  @Provide
  Arbitrary<List<PolicyRule>> rules() {
    Arbitrary<PolicyRule> rule =
        Combinators.combine(
                Arbitraries.of(Effect.class),
                Arbitraries.of(USERS).list().uniqueElements().ofMaxSize(1),
                Arbitraries.of(MOUNTS).list().uniqueElements().ofMaxSize(1),
                Arbitraries.of(OPS).list().uniqueElements().ofMaxSize(1))
            .as((e, u, m, o) -> new PolicyRule(null, 0, e, "", new SubjectMatch(u, null, null),
                new ResourceMatch(null, null, m, null), o));
    return rule.list().ofMaxSize(6).map(list -> {
      List<PolicyRule> distinct = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        PolicyRule r = list.get(i);
        distinct.add(new PolicyRule("r" + i, 10 * (i + 1), r.effect(), "", r.subjects(),
            r.resources(), r.actions()));
      }
      return distinct;
    });
  }
}
