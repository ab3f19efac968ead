package dev.metacircular.apps.mcp;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.podman.BundledContainersConf;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A whole control plane on loopback for one test class: the real identity server, two agents
 * sharing the machine's Podman (node names and service names unique to this run, so parallel runs
 * never collide), and the master, each configured from TOML like the executable. Accounts: {@code
 * root} (admin), {@code alice} (user), and the system account {@code mcp-master} whose token for
 * the {@code mcp-agent} audience is the master's.
 */
final class ControlPlaneFixture implements AutoCloseable {

  static final String PASSWORD = "correct horse battery staple";
  static final String IMAGE = "localhost/mcp-busybox:test-1";
  static final Caller SETUP = Caller.offlineTool("test-setup");

  final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  final Path dir;
  final Path cert;
  final Path key;
  final IdentityServer identity;
  final Path containersConf;
  final String nodeA = "a" + run;
  final String nodeB = "b" + run;
  AgentService agentA;
  AgentService agentB;
  MasterService master;
  final Path cliConfig;
  private final String extraMasterToml;
  private final String extraAgentToml;

  ControlPlaneFixture(Path dir) throws IOException {
    this(dir, "");
  }

  /** With more of the master's configuration (further {@code [[nodes]]}), appended. */
  ControlPlaneFixture(Path dir, String extraMasterToml) throws IOException {
    this(dir, extraMasterToml, "");
  }

  /** With more of both agents' configuration (e.g. {@code [certificates]}), appended too. */
  ControlPlaneFixture(Path dir, String extraMasterToml, String extraAgentToml) throws IOException {
    this.dir = dir;
    this.extraMasterToml = extraMasterToml;
    this.extraAgentToml = extraAgentToml;
    cert = dir.resolve("tls.crt");
    key = dir.resolve("tls.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
    Path masterKey = dir.resolve("master.key");
    MasterKeyFile.create(masterKey, SecureRandoms.bytes(32));
    McIasConfig config =
        new McIasConfigLoader(Map.of(), List.of())
            .parse(
                "[server]\nlisten_addr = \"127.0.0.1:0\"\ntls_cert = \""
                    + cert
                    + "\"\ntls_key = \""
                    + key
                    + "\"\n[database]\npath = \""
                    + dir.resolve("mcias.db")
                    + "\"\n"
                    + "[tokens]\nissuer = \"https://test.example\"\n"
                    + "[master_key]\nkeyfile = \""
                    + masterKey
                    + "\"\n",
                dir.resolve("mcias.toml"));
    identity =
        IdentityServer.start(
            config,
            Map.of(),
            Clock.systemUTC(),
            s ->
                s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
                    .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
                    .withLoginRate(10_000, 10_000));
    human("root", Role.ADMIN);
    human("alice", Role.USER);
    Account masterAccount =
        identity
            .core()
            .accounts()
            .create(
                SETUP,
                new CreateAccountCommand(
                    "mcp-master", AccountType.SYSTEM, null, Set.of(Role.USER)));
    String masterToken =
        identity
            .core()
            .tokenAdmin()
            .issueServiceToken(SETUP, masterAccount.id(), Duration.ofHours(1), "mcp-agent")
            .token();
    Files.writeString(dir.resolve("master.token"), masterToken);
    containersConf = BundledContainersConf.writeTo(dir.resolve("podman"));
    ensureBusybox();
    agentA = startAgent(nodeA, "20100-20199");
    agentB = startAgent(nodeB, "20200-20299");
    master = startMaster();
    cliConfig = dir.resolve("mcp.toml");
    Files.writeString(
        cliConfig,
        "[master]\naddress = \"127.0.0.1:"
            + master.port()
            + "\"\nca_cert = \""
            + cert
            + "\"\n"
            + "[mcias]\nserver_url = \"https://127.0.0.1:"
            + identity.port()
            + "\"\nca_cert = \""
            + cert
            + "\"\n[auth]\ntoken_file = \""
            + dir.resolve("operator.token")
            + "\"\n");
  }

  private void human(String name, Role role) {
    identity
        .core()
        .accounts()
        .create(
            SETUP,
            new CreateAccountCommand(
                name, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(role)));
  }

  String agentToml(String node, String range) {
    return "[agent]\nname = \""
        + node
        + "\"\nlisten_addr = \"127.0.0.1:0\"\ntls_cert = \""
        + cert
        + "\"\ntls_key = \""
        + key
        + "\"\nrole = \"worker\"\nallowed_accounts = [\"mcp-master\"]\n"
        + "volume_roots = [\""
        + dir.resolve("srv")
        + "\"]\ncapacity_containers = 10\n"
        + "service_root = \""
        + serviceRoot(node)
        + "\"\n"
        + "stop_timeout = \"1s\"\nreconcile_interval = \"2s\"\n"
        + "[database]\npath = \""
        + dir.resolve(node + "/registry.db")
        + "\"\n"
        + "[mcias]\nserver_url = \"https://127.0.0.1:"
        + identity.port()
        + "\"\nca_cert = \""
        + cert
        + "\"\n[ports]\nrange = \""
        + range
        + "\"\n"
        + "[podman]\ncontainers_conf = \""
        + containersConf
        + "\"\n"
        // "localhost": restartAgent rewrites every 127.0.0.1:0 to the agent's gRPC port
        + "[metrics]\nlisten_addr = \"localhost:0\"\n"
        + extraAgentToml;
  }

  /** Each agent's own service root: the two share one host, as two machines would not. */
  Path serviceRoot(String node) {
    return dir.resolve("data-" + node);
  }

  AgentService startAgent(String node, String range) {
    return AgentService.start(
        AgentConfig.parse(agentToml(node, range), dir.resolve(node + ".toml"), Map.of()),
        Clock.systemUTC());
  }

  /** The agent's port stays the same across restarts so the master finds it again. */
  AgentService restartAgent(String node, String range, int port) {
    String toml = agentToml(node, range).replace("127.0.0.1:0", "127.0.0.1:" + port);
    return AgentService.start(
        AgentConfig.parse(toml, dir.resolve(node + ".toml"), Map.of()), Clock.systemUTC());
  }

  private MasterService startMaster() {
    String toml =
        "[server]\nlisten_addr = \"127.0.0.1:0\"\ntls_cert = \""
            + cert
            + "\"\ntls_key = \""
            + key
            + "\"\n[database]\npath = \""
            + dir.resolve("master/registry.db")
            + "\"\n"
            + "[mcias]\nserver_url = \"https://127.0.0.1:"
            + identity.port()
            + "\"\nca_cert = \""
            + cert
            + "\"\ntoken_file = \""
            + dir.resolve("master.token")
            + "\"\n"
            + "[master]\nheartbeat_interval = \"300ms\"\nboot_check_timeout = \"10s\"\n"
            + "[[nodes]]\nname = \""
            + nodeA
            + "\"\naddress = \"127.0.0.1:"
            + agentA.port()
            + "\"\nca_cert = \""
            + cert
            + "\"\n"
            + "[[nodes]]\nname = \""
            + nodeB
            + "\"\naddress = \"127.0.0.1:"
            + agentB.port()
            + "\"\nca_cert = \""
            + cert
            + "\"\n"
            + "[[boot]]\nname = \"first\"\nservices = [\"web"
            + run
            + "\"]\n"
            + "[metrics]\nlisten_addr = \"localhost:0\"\n"
            + extraMasterToml;
    return MasterService.start(
        MasterConfig.parse(toml, dir.resolve("master.toml"), Map.of()), Clock.systemUTC());
  }

  /** {@code mc mcp --config <cli config> args...}. */
  Run.Result mcp(String... args) {
    List<String> all = new ArrayList<>(List.of("mcp", "--config", cliConfig.toString()));
    all.addAll(List.of(args));
    return Run.mc(Map.of(), all.toArray(String[]::new));
  }

  Run.Result login(String user) {
    return Run.mcWithStdin(
        Map.of(),
        PASSWORD + "\n",
        "mcp",
        "--config",
        cliConfig.toString(),
        "login",
        "--username",
        user);
  }

  /** A definition file for a busybox httpd serving its own name on $PORT. */
  Path httpd(String service, String extraTop, String extraComponent) throws IOException {
    Path file = dir.resolve(service + ".toml");
    Files.writeString(
        file,
        "name = \""
            + service
            + "\"\n"
            + extraTop
            + "[[components]]\nname = \"web\"\nimage = \""
            + IMAGE
            + "\"\n"
            + "cmd = [\"/bin/busybox\", \"sh\", \"-c\", \"mkdir -p /www && echo "
            + service
            + " > /www/index.html && exec /bin/busybox httpd -f -p $PORT -h /www\"]\n"
            + extraComponent
            + "[[components.routes]]\nport = 8080\nmode = \"l4\"\n");
    return file;
  }

  static String podman(Path containersConf, String... args) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("CONTAINERS_CONF", containersConf.toString());
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void ensureBusybox() throws IOException {
    if (!podman(containersConf, "images", "-q", IMAGE).isBlank()) {
      return;
    }
    Path root = Files.createDirectories(dir.resolve("busybox/rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
    Path tar = dir.resolve("busybox/busybox.tar");
    try {
      new ProcessBuilder(
              "tar", "-C", dir.resolve("busybox/rootfs").toString(), "-cf", tar.toString(), ".")
          .inheritIO()
          .start()
          .waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    podman(containersConf, "import", "--quiet", tar.toString(), IMAGE);
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {master, agentA, agentB}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing the rest matters more
      }
    }
    // Nothing this run made may outlive it: every container labelled with its nodes goes.
    for (String node : List.of(nodeA, nodeB)) {
      String ids = podman(containersConf, "ps", "-aq", "--filter", "label=mcp.node=" + node);
      for (String id : ids.split("\\s+")) {
        if (!id.isBlank()) {
          podman(containersConf, "rm", "-f", "-t", "0", id);
        }
      }
    }
    identity.close();
  }
}
