package dev.metacircular.domain.policy;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A deliberately simple, separately written model of the policy engine (DESIGN.md §3.2), for the
 * property tests to compare the engine against. It shares no code with {@link PolicyEngine} or
 * {@link PathGlob}: the rules are not sorted but scanned for the lowest matching priority, and a
 * glob is matched by plain recursive backtracking over the glob text, which is exponential in the
 * worst case and therefore only fit for the short globs and paths the tests generate.
 *
 * <p>The semantics are written down from the documentation, not read off the engine:
 *
 * <ul>
 *   <li>an empty matcher list matches anything;
 *   <li>usernames, account types, services, mounts: a request value that is null or empty never
 *       matches a non-empty list; otherwise it must be in the list;
 *   <li>roles: any of the subject's roles is in the list;
 *   <li>tags: the request carries every listed tag;
 *   <li>paths: a null or empty path never matches; otherwise any glob matches;
 *   <li>actions: the list holds the action, or {@code *} (which also covers a request that names no
 *       action, as PolicyEngineTest pins down);
 *   <li>the lowest priority among the matching rules decides; DENY if any matching rule at that
 *       priority denies; none matching is DENY (default deny); the admin bypass allows.
 * </ul>
 */
public final class ReferencePolicy {

  private ReferencePolicy() {}

  /** The model's answer: the effect and the rule that decided, null when none matched. */
  public record Answer(Effect decision, PolicyRule rule) {}

  public static Answer decide(Collection<PolicyRule> rules, PolicyRequest request, boolean admin) {
    if (admin) {
      return new Answer(Effect.ALLOW, null);
    }
    return decide(rules, request);
  }

  public static Answer decide(Collection<PolicyRule> rules, PolicyRequest request) {
    List<PolicyRule> hits = new ArrayList<>();
    for (PolicyRule r : rules) {
      if (applies(r, request)) {
        hits.add(r);
      }
    }
    if (hits.isEmpty()) {
      return new Answer(Effect.DENY, null);
    }
    int best = Integer.MAX_VALUE;
    for (PolicyRule r : hits) {
      best = Math.min(best, r.priority());
    }
    boolean anyDeny = false;
    for (PolicyRule r : hits) {
      if (r.priority() == best && r.effect() == Effect.DENY) {
        anyDeny = true;
      }
    }
    Effect decision = anyDeny ? Effect.DENY : Effect.ALLOW;
    // Which of the deciding rules is named: the smallest id (the engine's documented tie-break).
    PolicyRule named = null;
    for (PolicyRule r : hits) {
      if (r.priority() == best
          && r.effect() == decision
          && (named == null || smallerId(r.id(), named.id()))) {
        named = r;
      }
    }
    return new Answer(decision, named);
  }

  private static boolean smallerId(String a, String b) {
    if (a == null) {
      return false;
    }
    return b == null || a.compareTo(b) < 0;
  }

  public static boolean applies(PolicyRule r, PolicyRequest q) {
    PolicyRequest.Subject s = q.subject();
    PolicyRequest.Resource res = q.resource();
    return listed(r.subjects().usernames(), s.username())
        && anyListed(r.subjects().roles(), s.roles())
        && listed(r.subjects().accountTypes(), s.accountType())
        && listed(r.resources().services(), res.service())
        && res.tags().containsAll(r.resources().tags())
        && listed(r.resources().mounts(), res.mount())
        && anyGlob(r.resources().paths(), res.path())
        && (r.actions().isEmpty() || r.actions().contains("*") || r.actions().contains(q.action()));
  }

  private static boolean listed(List<String> list, String value) {
    if (list.isEmpty()) {
      return true;
    }
    if (value == null || value.isEmpty()) {
      return false;
    }
    return list.contains(value);
  }

  private static boolean anyListed(List<String> list, List<String> values) {
    if (list.isEmpty()) {
      return true;
    }
    for (String v : values) {
      if (list.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyGlob(List<String> globs, String path) {
    if (globs.isEmpty()) {
      return true;
    }
    if (path == null || path.isEmpty()) {
      return false;
    }
    for (String g : globs) {
      if (glob(g, path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code ?} one character other than {@code /}; {@code *} any run without {@code /}; {@code **}
   * any run at all; {@code **}{@code /} as a whole segment: nothing, or any run that ends in {@code
   * /}.
   */
  public static boolean glob(String glob, String path) {
    return glob(glob, 0, path, 0);
  }

  private static boolean glob(String g, int gi, String p, int pi) {
    if (gi == g.length()) {
      return pi == p.length();
    }
    char c = g.charAt(gi);
    if (c == '*' && gi + 1 < g.length() && g.charAt(gi + 1) == '*') {
      boolean wholeSegment =
          (gi == 0 || g.charAt(gi - 1) == '/') && gi + 2 < g.length() && g.charAt(gi + 2) == '/';
      if (wholeSegment) {
        if (glob(g, gi + 3, p, pi)) {
          return true;
        }
        for (int k = pi; k < p.length(); k++) {
          if (p.charAt(k) == '/' && glob(g, gi + 3, p, k + 1)) {
            return true;
          }
        }
        return false;
      }
      for (int k = pi; k <= p.length(); k++) {
        if (glob(g, gi + 2, p, k)) {
          return true;
        }
      }
      return false;
    }
    if (c == '*') {
      for (int k = pi; k <= p.length(); k++) {
        if (glob(g, gi + 1, p, k)) {
          return true;
        }
        if (k < p.length() && p.charAt(k) == '/') {
          return false;
        }
      }
      return false;
    }
    if (pi == p.length()) {
      return false;
    }
    if (c == '?') {
      return p.charAt(pi) != '/' && glob(g, gi + 1, p, pi + 1);
    }
    return p.charAt(pi) == c && glob(g, gi + 1, p, pi + 1);
  }
}
