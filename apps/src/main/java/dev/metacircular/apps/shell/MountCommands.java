package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.engine.in.Mount;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mounts ...}: the crypto service's engine mounts (admin). */
@Command(name = "mounts", description = "List, mount and unmount engines (crypto, admin).")
final class MountCommands extends Group {
  private final ShellContext ctx;

  MountCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "Every mount.")
  void list() {
    TextTable table = new TextTable("NAME", "TYPE", "CONFIG");
    for (Mount m : ctx.crypto().mounts()) {
      table.row(m.name(), m.type(), m.config().isEmpty() ? "-" : m.config());
    }
    table.print(ctx.out());
  }

  @Command(name = "mount", description = "Mount a new engine under NAME.")
  void mount(
      @Parameters(paramLabel = "MOUNT_NAME") String name,
      @Option(
              names = "--type",
              defaultValue = "transit",
              paramLabel = "ENGINE",
              description = "The engine type (default ${DEFAULT-VALUE}).")
          String type,
      @Option(
              names = "--config",
              paramLabel = "KEY=VALUE",
              description = {
                "A mount setting, repeatable: --config 'root_common_name=Example Root'.",
                "true/false are booleans, whole numbers are numbers, a.b=v sets b in table a."
              })
          Map<String, String> config) {
    Mount m = ctx.crypto().mount(name, type, settings(config == null ? Map.of() : config));
    ctx.println("mounted " + m.type() + " at " + m.name());
  }

  /**
   * The {@code --config} pairs as the engine's JSON-shaped mount config: {@code acme.enabled=true}
   * becomes {@code {"acme": {"enabled": true}}}.
   */
  static Map<String, Object> settings(Map<String, String> pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> pair : new TreeMap<>(pairs).entrySet()) {
      String[] path = pair.getKey().split("\\.", -1);
      Map<String, Object> table = out;
      for (int i = 0; i < path.length - 1; i++) {
        Object next = table.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
        if (!(next instanceof Map)) {
          throw new IllegalArgumentException(
              "--config " + pair.getKey() + ": " + path[i] + " is already a value, not a table");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) next;
        table = inner;
      }
      String key = path[path.length - 1];
      if (key.isEmpty() || table.get(key) instanceof Map) {
        throw new IllegalArgumentException("--config " + pair.getKey() + ": not a setting name");
      }
      table.put(key, value(pair.getValue()));
    }
    return out;
  }

  private static Object value(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    if (text.matches("-?[0-9]{1,18}")) {
      return Long.parseLong(text);
    }
    return text;
  }

  @Command(
      name = "unmount",
      description = {
        "Remove a mount and EVERY key under it, for good (needs --yes).",
        "Every ciphertext made with those keys becomes undecryptable."
      })
  void unmount(
      @Parameters(paramLabel = "MOUNT") String name,
      @Option(names = "--yes", description = "Confirm that the keys are to be destroyed.")
          boolean yes) {
    if (!yes) {
      throw new IllegalArgumentException(
          "unmount destroys every key of " + name + " for good: repeat with --yes to confirm");
    }
    ctx.crypto().unmount(name);
    ctx.println("unmounted " + name);
  }
}
