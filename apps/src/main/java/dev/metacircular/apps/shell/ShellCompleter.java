package dev.metacircular.apps.shell;

import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.transit.in.ListKeys;
import dev.metacircular.ports.transit.in.TransitOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion from the command tree itself: command and subcommand names, option names, and the
 * values of options and arguments by their label — names fetched from the services (ACCOUNT:
 * usernames, MOUNT: mounts, KEY: the mount's transit keys, RULE: rule ids of the service the
 * command is about) and fixed vocabularies (ROLE, ACCOUNT_TYPE, KEY_TYPE, EFFECT...). A service
 * that cannot answer simply offers nothing: completion never prints an error.
 */
final class ShellCompleter implements Completer {
  private final CommandLine root;
  private final ShellContext ctx;

  ShellCompleter(CommandLine root, ShellContext ctx) {
    this.root = root;
    this.ctx = ctx;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> before = line.words().subList(0, line.wordIndex());
    CommandLine current = root;
    int consumed = 0;
    for (String w : before) {
      CommandLine sub = current.getSubcommands().get(w);
      if (sub == null) {
        break;
      }
      current = sub;
      consumed++;
    }
    List<String> args = before.subList(consumed, before.size());
    CommandSpec spec = current.getCommandSpec();
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));

    // the value of an option just typed
    if (!args.isEmpty()) {
      OptionSpec option = spec.findOption(args.get(args.size() - 1));
      if (option != null && option.arity().max() > 0) {
        addAll(candidates, values(option, spec, before), false);
        return;
      }
    }
    if (word.startsWith("-")) {
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) {
          candidates.add(
              new Candidate(
                  name,
                  name,
                  null,
                  o.description().length > 0 ? o.description()[0] : null,
                  null,
                  null,
                  true));
        }
      }
      return;
    }
    if (current == root && consumed == 0 && args.isEmpty()) {
      addAll(candidates, new ArrayList<>(root.getSubcommands().keySet()), true);
      return;
    }
    if ("help".equals(spec.name())) {
      addAll(candidates, new ArrayList<>(root.getSubcommands().keySet()), true);
      return;
    }
    if (!current.getSubcommands().isEmpty() && args.isEmpty()) {
      addAll(candidates, new ArrayList<>(current.getSubcommands().keySet()), true);
      return;
    }
    int index = positionalIndex(spec, args);
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.index().contains(index)) {
        addAll(candidates, values(p, spec, before), true);
      }
    }
  }

  /** Which positional parameter the word under the cursor is (options and their values skipped). */
  private static int positionalIndex(CommandSpec spec, List<String> args) {
    int index = 0;
    for (int i = 0; i < args.size(); i++) {
      OptionSpec o = spec.findOption(args.get(i));
      if (o != null) {
        if (o.arity().max() > 0) {
          i++;
        }
        continue;
      }
      index++;
    }
    return index;
  }

  private List<String> values(ArgSpec arg, CommandSpec spec, List<String> before) {
    String label = arg.paramLabel().replaceAll("[<>]", "");
    switch (label) {
      case "ACCOUNT":
        return names(() -> ctx.identity().accounts().stream().map(Account::username).toList());
      case "ROLE":
        return List.of("admin", "user", "guest", "metrics");
      case "ACCOUNT_TYPE":
        return List.of("human", "system");
      case "STATUS":
        return List.of("active", "inactive");
      case "EFFECT":
        return List.of("allow", "deny");
      case "SERVICE":
        return List.of("mcias", "metacrypt");
      case "BOOLEAN":
        return List.of("true", "false");
      case "KEY_TYPE":
        return List.of("aes256-gcm", "chacha20-poly1305", "ed25519", "ecdsa-p256", "hmac");
      case "ENGINE":
        return List.of("transit");
      case "MOUNT":
        return names(() -> ctx.crypto().mounts().stream().map(Mount::name).toList());
      case "KEY":
        String mount = mountIn(before);
        return names(
            () -> ctx.crypto().run(mount, TransitOperations.LIST_KEYS, new ListKeys()).keys());
      case "RULE":
        boolean acl = !before.isEmpty() && "acl".equals(before.get(0));
        return names(
            () ->
                (acl ? ctx.crypto().acl() : ctx.identity().loginPolicy())
                    .list().stream().map(PolicyRule::id).toList());
      default:
        return List.of();
    }
  }

  private static String mountIn(List<String> words) {
    for (int i = 0; i < words.size() - 1; i++) {
      if ("-m".equals(words.get(i)) || "--mount".equals(words.get(i))) {
        return words.get(i + 1);
      }
    }
    return TransitCommands.DEFAULT_MOUNT;
  }

  private static List<String> names(Supplier<List<String>> fetch) {
    try {
      return fetch.get();
    } catch (RuntimeException e) {
      return List.of(); // not connected, not logged in, sealed: nothing to offer
    }
  }

  private static void addAll(List<Candidate> candidates, List<String> values, boolean complete) {
    for (String v : values) {
      candidates.add(new Candidate(v, v, null, null, null, null, complete));
    }
  }
}
