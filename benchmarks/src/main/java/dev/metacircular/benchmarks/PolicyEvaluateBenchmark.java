package dev.metacircular.benchmarks;

import dev.metacircular.domain.policy.PolicyEngine;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The policy engine deciding one request against an ACL of {@code rules} rules, shaped like a
 * crypto-service ACL: per-team path globs on a KV mount, some role rules, a few deny rules. The
 * request is allowed by one rule that sorts after most of the others, so most rules are tried.
 *
 * <ul>
 *   <li>{@link #preSortedScan} (the baseline): the irreducible work — a loop over the rules, sorted
 *       once in setup, calling {@link PolicyEngine#matches} until the first match;
 *   <li>{@link #evaluate}: {@link PolicyEngine#evaluate}, which sorts the rules on every call (the
 *       store hands them over unsorted) and builds an {@link Explanation};
 *   <li>{@link #evaluateDefaultDeny}: a request no rule matches, so every rule is tried and the
 *       answer is the default deny.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class PolicyEvaluateBenchmark {

  @Param({"32"})
  public int rules;

  private List<PolicyRule> acl;
  private List<PolicyRule> sorted;
  private PolicyRequest allowed;
  private PolicyRequest unmatched;

  @Setup
  public void setup() {
    acl = new ArrayList<>();
    int teams = Math.max(1, rules - 4);
    for (int i = 0; i < teams; i++) {
      acl.add(
          new PolicyRule(
              "team-" + i,
              100 + (i * 37) % teams,
              Effect.ALLOW,
              "team " + i + " secrets",
              new SubjectMatch(List.of(), List.of("team-" + i), List.of()),
              new ResourceMatch(
                  List.of("metacrypt"),
                  List.of(),
                  List.of("kv"),
                  List.of("secret/team-" + i + "/**")),
              List.of("read", "write", "list")));
    }
    acl.add(
        new PolicyRule(
            "deny-root-keys",
            10,
            Effect.DENY,
            "nobody reads root keys",
            SubjectMatch.any(),
            new ResourceMatch(
                List.of("metacrypt"), List.of(), List.of("kv"), List.of("secret/*/root-keys/**")),
            List.of()));
    acl.add(
        new PolicyRule(
            "guests-read-public",
            50,
            Effect.ALLOW,
            "guests read public",
            new SubjectMatch(List.of(), List.of("guest"), List.of()),
            new ResourceMatch(List.of("metacrypt"), List.of(), List.of("kv"), List.of("public/**")),
            List.of("read")));
    acl.add(
        new PolicyRule(
            "deny-system-write",
            60,
            Effect.DENY,
            "system accounts never write",
            new SubjectMatch(List.of(), List.of(), List.of("system")),
            ResourceMatch.any(),
            List.of("write")));
    acl.add(
        new PolicyRule(
            "ops-transit",
            70,
            Effect.ALLOW,
            "ops use transit",
            new SubjectMatch(List.of(), List.of("ops"), List.of()),
            new ResourceMatch(
                List.of("metacrypt"), List.of(), List.of("transit"), List.of("keys/*")),
            List.of("encrypt", "decrypt")));
    acl = List.copyOf(acl.subList(0, Math.min(rules, acl.size())));
    sorted = PolicyEngine.evaluationOrder(acl);

    // The highest-priority team rule (the one that sorts last) allows this request.
    PolicyRule last = sorted.get(sorted.size() - 1);
    String team = last.subjects().roles().get(0);
    allowed =
        PolicyRequest.of(
            new PolicyRequest.Subject("alice", List.of("user", team), "human"),
            new PolicyRequest.Resource(
                "metacrypt", List.of(), "kv", "secret/" + team + "/db/password"),
            "read");
    unmatched =
        PolicyRequest.of(
            new PolicyRequest.Subject("mallory", List.of("user"), "human"),
            new PolicyRequest.Resource("metacrypt", List.of(), "kv", "secret/team-x/db/password"),
            "read");
    if (!evaluate().allowed()
        || preSortedScan() != Effect.ALLOW
        || evaluateDefaultDeny().allowed()) {
      throw new IllegalStateException("policy benchmark setup does not decide as intended");
    }
  }

  @Benchmark
  public Effect preSortedScan() {
    for (PolicyRule rule : sorted) {
      if (PolicyEngine.matches(rule, allowed)) {
        return rule.effect();
      }
    }
    return Effect.DENY;
  }

  @Benchmark
  public Explanation evaluate() {
    return PolicyEngine.evaluate(acl, allowed);
  }

  @Benchmark
  public Explanation evaluateDefaultDeny() {
    return PolicyEngine.evaluate(acl, unmatched);
  }
}
