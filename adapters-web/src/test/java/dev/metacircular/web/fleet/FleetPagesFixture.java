package dev.metacircular.web.fleet;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.agent.AgentCore;
import dev.metacircular.domain.agent.AgentSettings;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.master.MasterCore;
import dev.metacircular.domain.master.MasterSettings;
import dev.metacircular.domain.master.NodeConnection;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.scheduler.Capacity;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeReport;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.RecoveryReport;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceStatus;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.out.AgentClient;
import dev.metacircular.web.common.WebClient;
import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The fleet pages over real cores, all in memory: an identity core (the accounts and the tokens of
 * the {@code mcp} audience, through the same {@link DelegatedAuthenticator} the master uses), a
 * master core over two in-process agents with an in-memory container runtime, and a real Javalin
 * server on 127.0.0.1 (plain HTTP: TLS and the host's headers are adapters-rest's and are tested
 * with the real master in apps). {@code registry} is the master's own, so a test can record an
 * event with any message a container might produce.
 */
final class FleetPagesFixture implements AutoCloseable {
  static final String PASSWORD = "a long enough password";
  static final String COOKIE = "__Host-mcp_session";
  static final String IMAGE = "localhost/web:v1";

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
  final IdentityCore identity;
  final InMemoryServiceRegistry registry = new InMemoryServiceRegistry();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(IMAGE);
  final LocalAgent a;
  final LocalAgent b;
  final MasterCore master;
  final Javalin app;
  final URI base;
  final Caller tool = Caller.offlineTool("test");

  FleetPagesFixture() {
    identity =
        IdentityCore.open(
            IdentityStorage.inMemory(),
            IdentitySettings.defaults("https://mcias.test")
                .withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
                .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
                .withLoginRate(1_000, 1_000),
            new MasterKeySource.Passphrase("test passphrase".toCharArray()),
            clock);
    InMemoryServiceData data = new InMemoryServiceData();
    a = new LocalAgent(agent("node-a", 20000, data));
    b = new LocalAgent(agent("node-b", 21000, data));
    master =
        new MasterCore(
            new MasterSettings(Duration.ofSeconds(30), 3, List.of(), Duration.ofSeconds(1)),
            List.of(
                new NodeConnection("node-a", "10.0.0.2:9444", null, a),
                new NodeConnection("node-b", "10.0.0.3:9444", NodeRole.MASTER, b)),
            registry,
            audit,
            (check, within) -> Optional.empty(),
            clock);
    DelegatedAuthenticator auth =
        new DelegatedAuthenticator(InProcessIdentityProvider.over(identity, "mcp", List.of()));
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.jetty.host = "127.0.0.1";
                  config.jetty.port = 0;
                  FleetWebUi.routes(master, auth, FleetWebUi.settings().withClock(clock))
                      .accept(config);
                })
            .start();
    base = URI.create("http://127.0.0.1:" + app.port() + "/");
  }

  private AgentCore agent(String name, int low, InMemoryServiceData data) {
    return new AgentCore(
        new AgentSettings(
            name,
            NodeRole.WORKER,
            "127.0.0.1",
            new PortRange(low, low + 100),
            List.of("/srv"),
            Set.of("mcp-master"),
            new Capacity(10, 1024),
            5,
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            "/nodes/" + name),
        runtime,
        new InMemoryServiceRegistry(),
        new InMemoryAuditLog(),
        (h, p) -> true,
        data,
        clock);
  }

  WebClient browser() {
    return new WebClient(base, COOKIE);
  }

  Account human(String username, Role... roles) {
    return identity
        .accounts()
        .create(
            tool,
            new CreateAccountCommand(
                username, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(roles)));
  }

  HttpResponse<String> signIn(WebClient browser, String username, String password, String code) {
    browser.get("/login");
    return browser.submit("/login", "username", username, "password", password, "totp_code", code);
  }

  WebClient signedIn(String username) {
    WebClient browser = browser();
    HttpResponse<String> r = signIn(browser, username, PASSWORD, "");
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    return browser;
  }

  /** An admin as the master sees one, for setting up the fleet behind the pages. */
  static final Caller OPERATOR =
      new Caller(UUID.randomUUID(), "operator", Set.of(Role.ADMIN), AccountType.HUMAN, "j", "");

  static ServiceDefinition service(String name, String node) {
    return new ServiceDefinition(
        name,
        node,
        Tier.WORKER,
        "",
        List.of(
            new Component(
                "web",
                new ImageReference(IMAGE),
                List.of("httpd"),
                List.of(),
                List.of(),
                List.of(new Route("", 8080, RouteMode.L4, "")))));
  }

  @Override
  public void close() {
    app.stop();
    master.close();
    identity.close();
  }

  /** An agent reached in process, which a test can take down (as the master's client sees it). */
  static final class LocalAgent implements AgentClient {
    static final Caller MASTER =
        new Caller(UUID.randomUUID(), "mcp-master", Set.of(), AccountType.SYSTEM, "j", "");
    final AgentCore core;
    volatile boolean down;

    LocalAgent(AgentCore core) {
      this.core = core;
    }

    private AgentCore up() {
      if (down) {
        throw new Unreachable("agent unreachable");
      }
      return core;
    }

    @Override
    public NodeReport report() {
      return up().report(MASTER);
    }

    @Override
    public ServiceStatus deploy(ServiceDefinition d) {
      return up().deploy(MASTER, d);
    }

    @Override
    public ServiceStatus stop(String s) {
      return up().stop(MASTER, s);
    }

    @Override
    public ServiceStatus start(String s) {
      return up().start(MASTER, s);
    }

    @Override
    public ServiceStatus restart(String s) {
      return up().restart(MASTER, s);
    }

    @Override
    public void undeploy(String s) {
      up().undeploy(MASTER, s);
    }

    @Override
    public ServiceStatus status(String s) {
      return up().status(MASTER, s);
    }

    @Override
    public List<ServiceStatus> list() {
      return up().list(MASTER);
    }

    @Override
    public RecoveryReport recover() {
      return up().recover(MASTER);
    }

    @Override
    public List<String> logs(String s, int tail) {
      return up().logs(MASTER, s, tail);
    }

    @Override
    public AutoCloseable followLogs(String s, int tail, Consumer<String> lines) {
      return up().followLogs(MASTER, s, tail, lines);
    }

    @Override
    public void snapshot(String s, OutputStream out) {
      up().snapshot(MASTER, s, out);
    }

    @Override
    public void receive(String s, InputStream archive) {
      up().receive(MASTER, s, archive);
    }

    @Override
    public void discardData(String s) {
      up().discardData(MASTER, s);
    }
  }
}
