package dev.metacircular.web.crypto;

import dev.metacircular.http.FormBody;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACL rules (admin): list, create, delete, and explain what the rules decide for a request.
 * List fields are typed comma-separated; an empty field matches anything, as in the rule JSON.
 */
final class PolicyPages {
  /** The resource service of every engine request (docs/crypto.md, ACL policy). */
  static final String SERVICE = "metacrypt";

  private final PolicyAdminUseCase acl;

  PolicyPages(PolicyAdminUseCase acl) {
    this.acl = acl;
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "ACL policy");
    model.put("rules", acl.list(caller));
    model.put("aclService", SERVICE);
    request.render("crypto/policy", model);
  }

  void create(PageRequest request, Caller caller, SignedIn who) {
    FormBody form = request.form();
    String id = form.text("id");
    PolicyRule rule =
        new PolicyRule(
            id.isEmpty() ? null : id,
            priority(form.text("priority")),
            Effect.fromWire(form.text("effect")),
            form.text("description"),
            new SubjectMatch(
                list(form.text("usernames")),
                list(form.text("roles")),
                list(form.text("account_types"))),
            new ResourceMatch(
                list(form.text("services")),
                list(form.text("tags")),
                list(form.text("mounts")),
                list(form.text("paths"))),
            list(form.text("actions")));
    PolicyRule stored = acl.create(caller, rule);
    request.redirect("/policy", Flash.Kind.SUCCESS, "Created rule " + stored.id() + ".");
  }

  void delete(PageRequest request, Caller caller, SignedIn who) {
    // The id travels in the form, not the path: rule ids are free text (slashes included).
    String id = request.form().text("id");
    if (id.isEmpty()) {
      throw new DomainException.InvalidInput("rule id is required");
    }
    acl.delete(caller, id);
    request.redirect("/policy", Flash.Kind.SUCCESS, "Deleted rule " + id + ".");
  }

  void explain(PageRequest request, Caller caller, SignedIn who) {
    FormBody form = request.form();
    String service = form.text("service");
    String mount = form.text("mount");
    String path = form.text("path");
    String accountType = form.text("account_type");
    PolicyRequest asked =
        PolicyRequest.of(
            new PolicyRequest.Subject(
                form.text("username"),
                list(form.text("roles")),
                accountType.isEmpty() ? null : accountType),
            new PolicyRequest.Resource(
                service.isEmpty() ? null : service,
                List.of(),
                mount.isEmpty() ? null : mount,
                path.isEmpty() ? null : path),
            form.text("action"));
    Explanation explanation = acl.explain(caller, asked);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "ACL policy");
    model.put("explanation", explanation);
    model.put("decision", explanation.decision().wireName());
    request.render(request.htmx() ? "crypto/explain-result" : "crypto/explain-result-page", model);
  }

  static int priority(String text) {
    if (text.isEmpty()) {
      return 100;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DomainException.InvalidInput("priority must be a whole number");
    }
  }

  /** "a, b,,c" → [a, b, c]. */
  static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
