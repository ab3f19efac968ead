package dev.metacircular.apps.mcp;

import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.out.MasterClient;
import dev.metacircular.rest.client.IdentityClientSettings;
import dev.metacircular.rest.client.RestIdentityProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code mcp} commands that talk to the master. Output is a short text for people, or with
 * {@code --json} the contract's shapes; a failure is one line on standard error and exit code 1.
 */
final class McpClientCommands {

  private McpClientCommands() {}

  /** What every client command shares: the parent (config, environment) and the output. */
  abstract static class ClientCommand implements Callable<Integer>, KeepsStdoutForOutput {
    @ParentCommand McpCommand parent;

    PrintWriter out() {
      return parent.environment().terminal().out();
    }

    @Override
    public final Integer call() {
      try (MasterClient master = parent.master()) {
        run(master);
      }
      out().flush();
      return 0;
    }

    abstract void run(MasterClient master);

    void printStatus(ServiceStatus s, boolean json, boolean events) {
      McpOutput.status(out(), s, json, events);
    }
  }

  @Command(
      name = "login",
      mixinStandardHelpOptions = true,
      description =
          "Log in at the identity service for the master's audience; stores the token (0600).")
  static final class Login implements Callable<Integer>, KeepsStdoutForOutput {
    @ParentCommand McpCommand parent;

    @Option(names = "--username", required = true, paramLabel = "NAME")
    String username;

    @Option(
        names = "--totp",
        paramLabel = "CODE",
        description = "A TOTP code, when the account has one.")
    String totp;

    @Override
    public Integer call() {
      CliConfig config = parent.cliConfig();
      if (config.mciasUrl() == null) {
        throw new ConfigException("config: mcias.server_url is required to log in");
      }
      char[] password = parent.environment().terminal().readPassword("Password");
      try {
        DelegatedAuthenticator auth =
            new DelegatedAuthenticator(
                new RestIdentityProvider(
                    IdentityClientSettings.of(
                        config.mciasUrl(), config.mciasCaCert(), config.serviceName(), List.of())));
        IssuedToken token = auth.login(username, password, totp, "");
        writeOwnerOnly(config.tokenFile(), token.token());
        parent
            .environment()
            .terminal()
            .out()
            .println("logged in as " + username + " (token valid until " + token.expiresAt() + ")");
        parent.environment().terminal().out().flush();
        return 0;
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    static void writeOwnerOnly(Path file, String token) {
      try {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        Files.deleteIfExists(file);
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the token file " + file, e);
      }
    }
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = "Deploy or redeploy a service from its definition file (idempotent).")
  static final class Deploy extends ClientCommand {
    @Parameters(paramLabel = "FILE", description = "The service definition (TOML).")
    Path file;

    @Option(names = "--json")
    boolean json;

    @Override
    void run(MasterClient master) {
      printStatus(master.deploy(DefinitionFile.read(file)), json, false);
    }
  }

  /** A command on one named service that answers with its status. */
  abstract static class ServiceAction extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    abstract ServiceStatus act(MasterClient master, String service);

    @Override
    final void run(MasterClient master) {
      printStatus(act(master, name), false, false);
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop a service; it stays stopped (repairs leave it alone).")
  static final class Stop extends ServiceAction {
    @Override
    ServiceStatus act(MasterClient master, String service) {
      return master.stop(service);
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start a stopped or flapping service again.")
  static final class Start extends ServiceAction {
    @Override
    ServiceStatus act(MasterClient master, String service) {
      return master.start(service);
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Restart a service's containers in place.")
  static final class Restart extends ServiceAction {
    @Override
    ServiceStatus act(MasterClient master, String service) {
      return master.restart(service);
    }
  }

  @Command(
      name = "undeploy",
      mixinStandardHelpOptions = true,
      description = "Remove a service: its containers, its ports, its registration.")
  static final class Undeploy extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void run(MasterClient master) {
      master.undeploy(name);
      out().println(name + " undeployed");
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "One service: where it runs, its containers, ports and recent events.")
  static final class Status extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json")
    boolean json;

    @Override
    void run(MasterClient master) {
      printStatus(master.status(name), json, true);
    }
  }

  @Command(
      name = "ps",
      mixinStandardHelpOptions = true,
      description = "Every service of the fleet and its state.")
  static final class Ps extends ClientCommand {
    @Option(names = "--json")
    boolean json;

    @Override
    void run(MasterClient master) {
      McpOutput.ps(out(), master.ps(), json);
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = "A service's output (the last lines; with --follow, then each new line).")
  static final class Logs extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--follow", description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100")
    int tail;

    @Override
    void run(MasterClient master) {
      if (!follow) {
        master.logs(name, tail).forEach(out()::println);
        return;
      }
      CountDownLatch ended = new CountDownLatch(1);
      try (AutoCloseable following =
          master.followLogs(
              name,
              tail,
              line -> {
                synchronized (this) {
                  out().println(line);
                  out().flush();
                }
              },
              ended::countDown)) {
        ended.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("following the logs failed: " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "nodes",
      mixinStandardHelpOptions = true,
      description = "The nodes, their roles and health.")
  static final class Nodes extends ClientCommand {
    @Option(names = "--json")
    boolean json;

    @Override
    void run(MasterClient master) {
      McpOutput.nodes(out(), master.nodes(), json);
    }
  }

  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description = "Reconcile nodes with their registries: containers the runtime lost come back.")
  static final class Recover extends ClientCommand {
    @Option(
        names = "--node",
        paramLabel = "N",
        description = "Only this node (default: every healthy node).")
    String node;

    @Override
    void run(MasterClient master) {
      for (RecoveryReport r : master.recover(node == null ? "" : node)) {
        out()
            .println(
                r.node()
                    + ": "
                    + r.applied().size()
                    + " step(s) applied, "
                    + r.failed().size()
                    + " failed");
        r.applied().forEach(a -> out().println("  " + a));
        r.failed().forEach(f -> out().println("  failed: " + f));
      }
    }
  }

  @Command(
      name = "boot",
      mixinStandardHelpOptions = true,
      description = "Run the boot stages in order, each checked before the next.")
  static final class Boot extends ClientCommand {
    @Override
    void run(MasterClient master) {
      BootReport report = master.boot();
      if (report instanceof BootReport.Completed done) {
        out().println("boot completed: " + String.join(", ", done.stages()));
        return;
      }
      BootReport.Failed f = (BootReport.Failed) report;
      throw new ConfigException(
          "boot failed at stage "
              + f.stage()
              + ": "
              + f.service()
              + " failed "
              + f.check()
              + ": "
              + f.reason());
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Move a service and its data directory to another node: stopped here, snapshot,"
              + " extracted and started there (the source keeps its data as the rollback copy).")
  static final class Migrate extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--to", paramLabel = "NODE", required = true, description = "The target node.")
    String to;

    @Option(names = "--json")
    boolean json;

    @Override
    void run(MasterClient master) {
      printStatus(master.migrate(name, to), json, false);
    }
  }
}
