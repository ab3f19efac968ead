package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login policy (the REST API's {@code /v1/policy/...}, same port): rules in evaluation order, a
 * form for a new rule (lists are comma-separated; empty matches anything), delete, and the explain
 * form, whose answer is shown on the same page.
 */
final class PolicyAdminPages {
  /** The priority of a rule that does not give one (as on the REST API). */
  static final int DEFAULT_PRIORITY = 100;

  private final IdentityUseCases api;
  private final CallerPages callers;

  PolicyAdminPages(IdentityUseCases api, CallerPages callers) {
    this.api = api;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/admin/policy", callers.admin((r, caller) -> render(r, caller, null, Map.of())));
    web.post("/admin/policy/rules", callers.admin(this::create));
    // Rule ids are free text (slashes, spaces): the id travels in a form field, not the path.
    web.post("/admin/policy/rules/delete", callers.admin(this::delete));
    web.post("/admin/policy/explain", callers.admin(this::explain));
  }

  private void create(PageRequest r, Caller caller) {
    var f = r.form();
    String id = f.text("id");
    PolicyRule rule =
        new PolicyRule(
            id.isEmpty() ? null : id,
            FormValues.integer("priority", f.text("priority"), DEFAULT_PRIORITY),
            Effect.fromWire(f.text("effect")),
            f.text("description"),
            new SubjectMatch(
                FormValues.list(f.text("usernames")),
                FormValues.list(f.text("roles")),
                FormValues.list(f.text("account_types"))),
            new ResourceMatch(
                FormValues.list(f.text("services")),
                FormValues.list(f.text("tags")),
                FormValues.list(f.text("mounts")),
                FormValues.list(f.text("paths"))),
            FormValues.list(f.text("actions")));
    PolicyRule stored = api.loginPolicy().create(caller, rule);
    r.redirect("/admin/policy", Flash.Kind.SUCCESS, "rule " + stored.id() + " created");
  }

  private void delete(PageRequest r, Caller caller) {
    String id = r.form().text("id");
    if (id.isEmpty()) {
      throw new DomainException.InvalidInput("rule id is required");
    }
    api.loginPolicy().delete(caller, id);
    r.redirect("/admin/policy", Flash.Kind.SUCCESS, "rule " + id + " deleted");
  }

  private void explain(PageRequest r, Caller caller) {
    var f = r.form();
    String action = f.text("action").isEmpty() ? "login" : f.text("action");
    PolicyRequest request =
        PolicyRequest.of(
            new PolicyRequest.Subject(
                blankToNull(f.text("username")),
                FormValues.list(f.text("roles")),
                blankToNull(f.text("account_type"))),
            new PolicyRequest.Resource(
                blankToNull(f.text("service")), FormValues.list(f.text("tags")), null, null),
            action);
    Explanation answer = api.loginPolicy().explain(caller, request);
    Map<String, String> asked = new HashMap<>();
    for (String name : List.of("username", "roles", "account_type", "service", "tags")) {
      asked.put(name, f.text(name));
    }
    asked.put("action", action);
    render(r, caller, ExplanationView.of(answer), asked);
  }

  private void render(
      PageRequest r, Caller caller, ExplanationView explanation, Map<String, String> asked) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Login policy");
    model.put("rules", api.loginPolicy().list(caller).stream().map(RuleView::of).toList());
    model.put("explanation", explanation);
    model.put("asked", asked);
    boolean fragment = r.htmx() && explanation != null;
    r.render(fragment ? "identity/admin/explanation" : "identity/admin/policy", model);
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
