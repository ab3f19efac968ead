package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Policy rules, the same commands for the identity service's login policy ({@code login-policy})
 * and the crypto service's ACL ({@code acl}): one rule form and one engine on both.
 */
abstract class RuleCommands extends Group {
  final ShellContext ctx;

  RuleCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  abstract RuleClient rules();

  @Command(
      name = "list",
      description = "Rules in evaluation order (lower priority first; first match decides).")
  void list() {
    TextTable table = new TextTable("ID", "PRIORITY", "EFFECT", "SUBJECTS", "RESOURCES", "ACTIONS");
    for (PolicyRule r : rules().list()) {
      table.row(
          r.id(),
          r.priority(),
          r.effect().wireName(),
          subjects(r.subjects()),
          resources(r.resources()),
          list(r.actions()));
    }
    table.print(ctx.out());
  }

  @Command(name = "show", description = "One rule.")
  void show(@Parameters(paramLabel = "RULE") String id) {
    print(rules().get(id));
  }

  @Command(
      name = "create",
      description = {
        "Add a rule. Lists are comma-separated; an omitted list matches anything.",
        "Example: create --priority 10 --effect allow --usernames alice --mounts transit"
            + " --actions encrypt,decrypt"
      })
  void create(
      @Option(names = "--id", paramLabel = "ID", description = "Assigned when omitted.") String id,
      @Option(
              names = "--priority",
              defaultValue = "100",
              paramLabel = "N",
              description = "Lower is evaluated first (default ${DEFAULT-VALUE}).")
          int priority,
      @Option(
              names = "--effect",
              required = true,
              paramLabel = "EFFECT",
              description = "allow or deny")
          String effect,
      @Option(names = "--description", paramLabel = "TEXT") String description,
      @Option(names = "--usernames", split = ",", paramLabel = "ACCOUNT") List<String> usernames,
      @Option(names = "--roles", split = ",", paramLabel = "ROLE") List<String> roles,
      @Option(names = "--account-types", split = ",", paramLabel = "ACCOUNT_TYPE")
          List<String> types,
      @Option(names = "--services", split = ",", paramLabel = "SERVICE") List<String> services,
      @Option(names = "--tags", split = ",", paramLabel = "TAG") List<String> tags,
      @Option(names = "--mounts", split = ",", paramLabel = "MOUNT") List<String> mounts,
      @Option(names = "--paths", split = ",", paramLabel = "GLOB") List<String> paths,
      @Option(names = "--actions", split = ",", paramLabel = "ACTION") List<String> actions) {
    PolicyRule rule =
        new PolicyRule(
            id,
            priority,
            Effect.fromWire(effect),
            description,
            new SubjectMatch(usernames, roles, types),
            new ResourceMatch(services, tags, mounts, paths),
            actions);
    PolicyRule stored = rules().create(rule);
    ctx.println("created rule " + stored.id());
  }

  @Command(name = "delete", description = "Remove a rule.")
  void delete(@Parameters(paramLabel = "RULE") String id) {
    rules().delete(id);
    ctx.println("deleted rule " + id);
  }

  @Command(
      name = "explain",
      description = {
        "What the rules decide for a request, and which rule decided it.",
        "Example: explain --username bob --roles user --service metacrypt --mount transit"
            + " --action decrypt"
      })
  void explain(
      @Option(names = "--username", paramLabel = "ACCOUNT") String username,
      @Option(names = "--roles", split = ",", paramLabel = "ROLE") List<String> roles,
      @Option(names = "--account-type", paramLabel = "ACCOUNT_TYPE") String accountType,
      @Option(names = "--service", paramLabel = "SERVICE") String service,
      @Option(names = "--tags", split = ",", paramLabel = "TAG") List<String> tags,
      @Option(names = "--mount", paramLabel = "MOUNT") String mount,
      @Option(names = "--path", paramLabel = "PATH") String path,
      @Option(names = "--action", required = true, paramLabel = "ACTION") String action) {
    Explanation e =
        rules()
            .explain(
                PolicyRequest.of(
                    new PolicyRequest.Subject(username, roles, accountType),
                    new PolicyRequest.Resource(service, tags, mount, path),
                    action));
    String decision = e.decision().wireName();
    ctx.println(
        "decision: " + (e.allowed() ? ctx.styles.ok(decision) : ctx.styles.error(decision)));
    ctx.println("rule:     " + (e.rule() == null ? "-" : e.rule().id()));
    ctx.println("reason:   " + e.reason());
  }

  private void print(PolicyRule r) {
    ctx.println("id:          " + r.id());
    ctx.println("priority:    " + r.priority());
    ctx.println("effect:      " + r.effect().wireName());
    ctx.println("description: " + (r.description().isEmpty() ? "-" : r.description()));
    ctx.println("subjects:    " + subjects(r.subjects()));
    ctx.println("resources:   " + resources(r.resources()));
    ctx.println("actions:     " + list(r.actions()));
  }

  private static String subjects(SubjectMatch s) {
    return (join("users", s.usernames())
            + join("roles", s.roles())
            + join("types", s.accountTypes()))
        .stripTrailing();
  }

  private static String resources(ResourceMatch r) {
    return (join("services", r.services())
            + join("tags", r.tags())
            + join("mounts", r.mounts())
            + join("paths", r.paths()))
        .stripTrailing();
  }

  private static String join(String name, List<String> values) {
    return values.isEmpty() ? "" : name + "=" + String.join(",", values) + " ";
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "*" : String.join(",", values);
  }

  /** {@code login-policy ...}: the identity service's login policy (admin). */
  @Command(
      name = "login-policy",
      description = "The identity service's login policy rules, with explain (admin).")
  static final class LoginPolicy extends RuleCommands {
    LoginPolicy(ShellContext ctx) {
      super(ctx);
    }

    @Override
    RuleClient rules() {
      return ctx.identity().loginPolicy();
    }
  }

  /** {@code acl ...}: the crypto service's ACL rules (admin). */
  @Command(
      name = "acl",
      description = "The crypto service's ACL rules for engine requests, with explain (admin).")
  static final class Acl extends RuleCommands {
    Acl(ShellContext ctx) {
      super(ctx);
    }

    @Override
    RuleClient rules() {
      return ctx.crypto().acl();
    }
  }
}
