package dev.metacircular.benchmarks;

import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.apps.mcp.McpConnection;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.podman.BundledContainersConf;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.scheduler.out.MasterClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The control plane's figures (issue 13), on real Podman, each beside its baseline or bound from
 * the same run:
 *
 * <ol>
 *   <li>deploy to serving (the master's {@code Deploy} over gRPC until the service answers HTTP on
 *       its host port) beside {@code podman run -d} of the same container until it answers, in
 *       alternating rounds after a warm-up round of each; the command's own JVM start-up is not in
 *       the figure because the client runs in this JVM (target ≤ 1.5×);
 *   <li>an agent's idle CPU with 50 managed containers, sampled from /proc over 30 s (target under
 *       1% of one core);
 *   <li>{@code ps} across two nodes with 50 containers each (target under 500 ms).
 * </ol>
 *
 * <p>The identity server and the client run in this JVM; each agent and the master run as the real
 * {@code mc mcp agent|master} command in a child JVM, so the agent's CPU is its own.
 */
public final class ControlPlaneLoadMain {
  static final String IMAGE = "localhost/mcp-busybox:bench-1";
  static final Caller SETUP = Caller.offlineTool("bench");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private final Path dir;
  private final Path containersConf;
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final List<Process> children = new ArrayList<>();

  private ControlPlaneLoadMain(Path dir) throws IOException {
    this.dir = dir;
    this.containersConf = BundledContainersConf.writeTo(dir.resolve("podman"));
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int containers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path dir = Files.createTempDirectory("mcp-bench");
    ControlPlaneLoadMain bench = new ControlPlaneLoadMain(dir);
    try {
      bench.run(rounds, containers);
    } finally {
      bench.cleanUp();
      TempDirs.deleteTree(dir);
    }
  }

  private void run(int rounds, int containers) throws Exception {
    System.out.println("== Metacircular control-plane figures ==");
    System.out.println(Environment.describe());
    System.out.println("load average at start: " + Environment.loadAverage());
    ensureBusybox();
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
    try (IdentityServer identity = identity(cert, key)) {
      Account master = system(identity, "mcp-master", Role.USER);
      Files.writeString(dir.resolve("master.token"), token(identity, master, "mcp-agent"));
      Account operator = system(identity, "bench-operator", Role.ADMIN);
      Files.writeString(dir.resolve("operator.token"), token(identity, operator, "mcp"));

      String nodeA = "a" + run;
      String nodeB = "b" + run;
      int agentA = freePort();
      int agentB = freePort();
      Process a = child(agentConfig(nodeA, agentA, "21000-21499", cert, key, identity.port()));
      Process b = child(agentConfig(nodeB, agentB, "21500-21999", cert, key, identity.port()));
      awaitPort(agentA);
      awaitPort(agentB);
      int masterPort = freePort();
      child(masterConfig(masterPort, nodeA, agentA, nodeB, agentB, cert, key, identity.port()));
      awaitPort(masterPort);
      Path cli = dir.resolve("mcp.toml");
      Files.writeString(
          cli,
          "[master]\naddress = \"127.0.0.1:"
              + masterPort
              + "\"\nca_cert = \""
              + cert
              + "\"\n[mcias]\nserver_url = \"https://127.0.0.1:"
              + identity.port()
              + "\"\nca_cert = \""
              + cert
              + "\"\n[auth]\ntoken_file = \""
              + dir.resolve("operator.token")
              + "\"\n");
      Files.setPosixFilePermissions(
          dir.resolve("operator.token"),
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      MasterClient client = McpConnection.open(cli, Map.of());
      awaitHealthy(client, 2);

      deployToServing(client, nodeA, rounds);
      idleCpu(client, nodeA, a.pid(), containers);
      psLatency(client, nodeB, containers);
      System.out.println("load average at end: " + Environment.loadAverage());
      for (var service : client.ps()) {
        client.undeploy(service.name());
      }
    }
  }

  // --- 1. deploy to serving beside podman run ---

  private void deployToServing(MasterClient client, String node, int rounds) throws Exception {
    List<Double> ratios = new ArrayList<>();
    List<Long> ours = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      String name = "web" + run + "r" + round;
      long start = System.nanoTime();
      var status = client.deploy(McpConnection.definition(definition(name, node)));
      int port = status.components().get(0).routes().get(0).hostPort();
      awaitHttp(port, name);
      long deployed = System.nanoTime() - start;
      client.undeploy(name);

      int rawPort = freePort();
      String container = "raw" + run + "r" + round;
      start = System.nanoTime();
      podman(
          "run",
          "-d",
          "--name",
          container,
          "-p",
          "127.0.0.1:" + rawPort + ":" + rawPort,
          IMAGE,
          "/bin/busybox",
          "sh",
          "-c",
          "mkdir -p /www && echo "
              + container
              + " > /www/index.html && exec /bin/busybox httpd -f -p "
              + rawPort
              + " -h /www");
      awaitHttp(rawPort, container);
      long podmanRun = System.nanoTime() - start;
      podman("rm", "-f", "-t", "0", container);
      if (round == 0) {
        System.out.printf(
            "warm-up: deploy %d ms, podman run %d ms (not counted)%n",
            deployed / 1_000_000, podmanRun / 1_000_000);
        continue;
      }
      ours.add(deployed);
      raw.add(podmanRun);
      ratios.add((double) deployed / podmanRun);
      System.out.printf(
          "round %d: deploy to serving %d ms, podman run to serving %d ms, ratio %.2f%n",
          round, deployed / 1_000_000, podmanRun / 1_000_000, (double) deployed / podmanRun);
    }
    List<Double> sorted = new ArrayList<>(ratios);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    System.out.printf(
        "deploy-to-serving / podman-run: median %.2f (spread %.2f - %.2f; medians %d ms / %d"
            + " ms) target <= 1.50: %s%n",
        median,
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        medianMillis(ours),
        medianMillis(raw),
        median <= 1.5 ? "PASS" : "MISS");
  }

  // --- 2. agent idle CPU with N containers ---

  private void idleCpu(MasterClient client, String node, long agentPid, int containers)
      throws Exception {
    for (int i = 0; i < containers; i++) {
      client.deploy(McpConnection.definition(definition("idle" + run + "n" + i, node)));
    }
    Thread.sleep(20_000); // let the deploys' own work, the JIT and the first reconciles settle
    long cpuBefore = ProcStats.cpuMillis(agentPid).orElseThrow();
    long wallBefore = System.nanoTime();
    Thread.sleep(30_000);
    long cpu = ProcStats.cpuMillis(agentPid).orElseThrow() - cpuBefore;
    double wallMs = (System.nanoTime() - wallBefore) / 1e6;
    double percent = 100.0 * cpu / wallMs;
    System.out.printf(
        "agent idle CPU with %d containers: %.2f%% of one core over %.0f s (%d ms CPU) target"
            + " < 1%%: %s%n",
        containers, percent, wallMs / 1000, cpu, percent < 1.0 ? "PASS" : "MISS");
  }

  // --- 3. ps across two nodes ---

  private void psLatency(MasterClient client, String node, int containers) throws Exception {
    for (int i = 0; i < containers; i++) {
      client.deploy(McpConnection.definition(definition("ps" + run + "n" + i, node)));
    }
    int total = client.ps().size();
    for (int i = 0; i < 5; i++) {
      client.ps(); // warm-up
    }
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long start = System.nanoTime();
      client.ps();
      times.add(System.nanoTime() - start);
    }
    Collections.sort(times);
    long median = times.get(times.size() / 2) / 1_000_000;
    System.out.printf(
        "ps across two nodes (%d services): median %d ms (spread %d - %d ms) target < 500 ms:"
            + " %s%n",
        total,
        median,
        times.get(0) / 1_000_000,
        times.get(times.size() - 1) / 1_000_000,
        median < 500 ? "PASS" : "MISS");
  }

  // --- set-up ---

  private IdentityServer identity(Path cert, Path key) throws IOException {
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
                    + "\"\n[tokens]\nissuer = \"https://bench.example\"\n"
                    + "[master_key]\nkeyfile = \""
                    + masterKey
                    + "\"\n",
                dir.resolve("mcias.toml"));
    return IdentityServer.start(
        config,
        Map.of(),
        Clock.systemUTC(),
        s ->
            s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
                .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM));
  }

  private static Account system(IdentityServer identity, String name, Role role) {
    return identity
        .core()
        .accounts()
        .create(SETUP, new CreateAccountCommand(name, AccountType.SYSTEM, null, Set.of(role)));
  }

  private static String token(IdentityServer identity, Account account, String audience) {
    return identity
        .core()
        .tokenAdmin()
        .issueServiceToken(SETUP, account.id(), Duration.ofHours(2), audience)
        .token();
  }

  private Path agentConfig(
      String node, int port, String range, Path cert, Path key, int identityPort)
      throws IOException {
    Path file = dir.resolve(node + ".toml");
    Files.writeString(
        file,
        "[agent]\nname = \""
            + node
            + "\"\nlisten_addr = \"127.0.0.1:"
            + port
            + "\"\ntls_cert = \""
            + cert
            + "\"\ntls_key = \""
            + key
            + "\"\nrole = \"worker\"\nallowed_accounts = [\"mcp-master\"]\n"
            + "volume_roots = [\""
            + dir.resolve("srv")
            + "\"]\ncapacity_containers = 200\nstop_timeout = \"1s\"\n"
            + "[database]\npath = \""
            + dir.resolve(node + "/registry.db")
            + "\"\n[mcias]\nserver_url = \"https://127.0.0.1:"
            + identityPort
            + "\"\nca_cert = \""
            + cert
            + "\"\n[ports]\nrange = \""
            + range
            + "\"\n[podman]\ncontainers_conf = \""
            + containersConf
            + "\"\n");
    return file;
  }

  private Path masterConfig(
      int port,
      String nodeA,
      int agentA,
      String nodeB,
      int agentB,
      Path cert,
      Path key,
      int identityPort)
      throws IOException {
    Path file = dir.resolve("master.toml");
    StringBuilder toml =
        new StringBuilder(
            "[server]\nlisten_addr = \"127.0.0.1:"
                + port
                + "\"\ntls_cert = \""
                + cert
                + "\"\ntls_key = \""
                + key
                + "\"\n[database]\npath = \""
                + dir.resolve("master/registry.db")
                + "\"\n[mcias]\nserver_url = \"https://127.0.0.1:"
                + identityPort
                + "\"\nca_cert = \""
                + cert
                + "\"\ntoken_file = \""
                + dir.resolve("master.token")
                + "\"\n");
    for (var node : List.of(Map.entry(nodeA, agentA), Map.entry(nodeB, agentB))) {
      toml.append("[[nodes]]\nname = \"")
          .append(node.getKey())
          .append("\"\naddress = \"127.0.0.1:")
          .append(node.getValue())
          .append("\"\nca_cert = \"")
          .append(cert)
          .append("\"\n");
    }
    Files.writeString(file, toml.toString());
    return file;
  }

  /** {@code mc mcp agent|master --config FILE} in a child JVM on this class path. */
  private Process child(Path config) throws IOException {
    String command = config.getFileName().toString().startsWith("master") ? "master" : "agent";
    List<String> line =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dmc.log.level=WARN",
            "-Dmc.log.target=System.err",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.metacircular.apps.Main",
            "mcp",
            command,
            "--config",
            config.toString());
    Process p =
        new ProcessBuilder(line)
            .redirectOutput(dir.resolve(command + "-" + config.getFileName() + ".log").toFile())
            .redirectErrorStream(true)
            .start();
    children.add(p);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return p;
  }

  private Path definition(String name, String node) throws IOException {
    Path file = dir.resolve(name + ".toml");
    Files.writeString(
        file,
        "name = \""
            + name
            + "\"\nnode = \""
            + node
            + "\"\n[[components]]\nname = \"web\"\nimage = \""
            + IMAGE
            + "\"\ncmd = [\"/bin/busybox\", \"sh\", \"-c\", \"mkdir -p /www && echo "
            + name
            + " > /www/index.html && exec /bin/busybox httpd -f -p $PORT -h /www\"]\n"
            + "[[components.routes]]\nport = 8080\nmode = \"l4\"\n");
    return file;
  }

  private void ensureBusybox() throws IOException, InterruptedException {
    if (!podman("images", "-q", IMAGE).isBlank()) {
      return;
    }
    Path root = Files.createDirectories(dir.resolve("busybox/rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
    Path tar = dir.resolve("busybox/busybox.tar");
    new ProcessBuilder("tar", "-C", dir.resolve("busybox/rootfs").toString(), "-cf", tar + "", ".")
        .inheritIO()
        .start()
        .waitFor();
    podman("import", "--quiet", tar.toString(), IMAGE);
  }

  private String podman(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CONTAINERS_CONF", containersConf.toString());
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  private void cleanUp() {
    for (Process p : children) {
      p.destroy();
    }
    try {
      for (String label : List.of("a" + run, "b" + run)) {
        String ids = podman("ps", "-aq", "--filter", "label=mcp.node=" + label);
        for (String id : ids.split("\\s+")) {
          if (!id.isBlank()) {
            podman("rm", "-f", "-t", "0", id);
          }
        }
      }
      String raw = podman("ps", "-aq", "--filter", "name=raw" + run);
      for (String id : raw.split("\\s+")) {
        if (!id.isBlank()) {
          podman("rm", "-f", "-t", "0", id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitHealthy(MasterClient client, int nodes) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      long healthy =
          client.nodes().stream()
              .filter(n -> n.health() == dev.metacircular.ports.scheduler.NodeHealth.HEALTHY)
              .count();
      if (healthy >= nodes) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the agents never became healthy: " + client.nodes());
  }

  private static void awaitHttp(int port, String body) throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofMillis(500))
            .build();
    for (int i = 0; i < 6000; i++) {
      try {
        HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().strip().equals(body)) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("nothing served " + body + " on " + port);
  }

  private static void awaitPort(int port) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing listens on " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long medianMillis(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1_000_000;
  }
}
