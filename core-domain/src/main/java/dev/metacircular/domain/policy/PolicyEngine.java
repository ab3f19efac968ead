package dev.metacircular.domain.policy;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generic priority-based rule engine (DESIGN.md §3.2), shared by identity login policy and
 * crypto-service ACLs. Rules are taken in {@link #evaluationOrder evaluation order}; the first that
 * matches the request decides; when none does the answer is DENY (default deny). Every decision is
 * a value that says why it was taken.
 *
 * <p>A rule matches when each of its matchers does (an empty list matches anything):
 *
 * <ul>
 *   <li>usernames, account types, services, mounts: the request's value is in the list;
 *   <li>roles: any of the subject's roles is in the list;
 *   <li>tags: the request carries every tag the rule lists;
 *   <li>paths: any of the globs matches the request's path ({@code ?} one character, {@code *}
 *       within a segment, {@code **} across segments);
 *   <li>actions: the list holds the action or {@code *}.
 * </ul>
 *
 * A request value that is null or empty is unknown and never matches a non-empty list.
 */
public final class PolicyEngine {

  static final String DEFAULT_DENY = "no rule matched (default deny)";
  static final String ADMIN_BYPASS = "admin bypass";

  /** The decision when no rule matches. */
  public static final Explanation DEFAULT_DENY_DECISION =
      new Explanation(Effect.DENY, null, DEFAULT_DENY);

  /** The decision of every request that has the admin bypass. */
  public static final Explanation ADMIN_BYPASS_DECISION =
      new Explanation(Effect.ALLOW, null, ADMIN_BYPASS);

  /** Priority ascending; at equal priority DENY first; then id, so the order is deterministic. */
  public static final Comparator<PolicyRule> EVALUATION_ORDER =
      Comparator.comparingInt(PolicyRule::priority)
          .thenComparing(r -> r.effect() == Effect.DENY ? 0 : 1)
          .thenComparing(PolicyRule::id, Comparator.nullsLast(Comparator.naturalOrder()));

  private static final int MAX_CACHED_GLOBS = 4096;
  private static final Map<String, PathGlob> GLOBS = new ConcurrentHashMap<>();

  private PolicyEngine() {}

  /** The rules in the order they are evaluated. */
  public static List<PolicyRule> evaluationOrder(Collection<PolicyRule> rules) {
    Objects.requireNonNull(rules, "rules");
    return rules.stream().sorted(EVALUATION_ORDER).toList();
  }

  /** What the rules decide for the request, and why. */
  public static Explanation evaluate(Collection<PolicyRule> rules, PolicyRequest request) {
    return evaluateInOrder(evaluationOrder(rules), request);
  }

  /**
   * As {@link #evaluate(Collection, PolicyRequest)} for rules already in {@link #evaluationOrder}:
   * for callers that keep the ordered list between changes, so a request does not sort the rules
   * again.
   */
  public static Explanation evaluateInOrder(List<PolicyRule> ordered, PolicyRequest request) {
    int match = firstMatch(ordered, request);
    return match < 0 ? DEFAULT_DENY_DECISION : matched(ordered.get(match));
  }

  /** The index of the first of {@code ordered} (in evaluation order) that matches, or -1. */
  public static int firstMatch(List<PolicyRule> ordered, PolicyRequest request) {
    Objects.requireNonNull(request, "request");
    for (int i = 0; i < ordered.size(); i++) {
      if (matches(ordered.get(i), request)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The decision when {@code rule} is the first match: its effect, naming it. Callers that keep the
   * rules between changes may keep these too, so a request builds no explanation.
   */
  public static Explanation matched(PolicyRule rule) {
    return new Explanation(
        rule.effect(),
        rule,
        "rule "
            + (rule.id() == null ? "(no id)" : rule.id())
            + " matched: "
            + rule.effect().wireName());
  }

  /**
   * As {@link #evaluate(Collection, PolicyRequest)}, unless the caller's context grants the admin
   * bypass: then ALLOW without consulting the rules.
   */
  public static Explanation evaluate(
      Collection<PolicyRule> rules, PolicyRequest request, boolean adminBypass) {
    if (adminBypass) {
      return ADMIN_BYPASS_DECISION;
    }
    return evaluate(rules, request);
  }

  /** Whether every matcher of the rule accepts the request. */
  public static boolean matches(PolicyRule rule, PolicyRequest request) {
    return subjectMatches(rule.subjects(), request.subject())
        && resourceMatches(rule.resources(), request.resource())
        && actionMatches(rule.actions(), request.action());
  }

  private static boolean subjectMatches(SubjectMatch m, PolicyRequest.Subject s) {
    return valueIn(m.usernames(), s.username())
        && (m.roles().isEmpty() || s.roles().stream().anyMatch(m.roles()::contains))
        && valueIn(m.accountTypes(), s.accountType());
  }

  private static boolean resourceMatches(ResourceMatch m, PolicyRequest.Resource r) {
    return valueIn(m.services(), r.service())
        && r.tags().containsAll(m.tags())
        && valueIn(m.mounts(), r.mount())
        && pathMatches(m.paths(), r.path());
  }

  private static boolean actionMatches(List<String> actions, String action) {
    return actions.isEmpty() || actions.contains("*") || actions.contains(action);
  }

  private static boolean valueIn(List<String> allowed, String value) {
    if (allowed.isEmpty()) {
      return true;
    }
    return value != null && !value.isEmpty() && allowed.contains(value);
  }

  private static boolean pathMatches(List<String> globs, String path) {
    if (globs.isEmpty()) {
      return true;
    }
    if (path == null || path.isEmpty()) {
      return false;
    }
    for (String glob : globs) {
      if (glob(glob).matches(path)) {
        return true;
      }
    }
    return false;
  }

  private static PathGlob glob(String glob) {
    PathGlob compiled = GLOBS.get(glob);
    if (compiled == null) {
      // Rules are few and long-lived; the bound only guards against a stream of distinct globs.
      if (GLOBS.size() >= MAX_CACHED_GLOBS) {
        GLOBS.clear();
      }
      compiled = GLOBS.computeIfAbsent(glob, PathGlob::compile);
    }
    return compiled;
  }
}
