package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform under its own control plane: scripts/build-image.sh builds the mc image on this
 * machine (a debootstrap base with Debian's headless JRE, the packaged application layered on it),
 * and a service definition deploys the crypto service from it through the master and an agent on
 * real Podman: it listens on the {@code $PORT} the agent gave it, answers over TLS, and keeps its
 * data in the host's {@code /srv/<service>/} directory. An integration test (failsafe, after {@code
 * package}), because the image carries the packaged jar.
 */
class CryptoServiceImageIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static ControlPlaneFixture f;
  static String image;
  static Path root;

  @BeforeAll
  static void start() throws Exception {
    root = Path.of("..").toAbsolutePath().normalize();
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mcp-image");
    image = buildImage(dir);
    f = new ControlPlaneFixture(dir);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void theCryptoServiceRunsFromTheImageOnItsPortWithItsDataUnderSrv() throws Exception {
    assertThat(image).startsWith("localhost/metacircular:").doesNotEndWith(":latest");
    String service = "metacrypt" + f.run;
    // The service's /srv/<service>/ on the node: its config, its certificate, its database.
    Path srv = Files.createDirectories(f.dir.resolve("srv").resolve(service));
    Files.createDirectories(srv.resolve("certs"));
    Files.copy(f.cert, srv.resolve("certs/server.crt"));
    Files.copy(f.key, srv.resolve("certs/server.key"));
    Files.writeString(
        srv.resolve("metacrypt.toml"),
        "[server]\nlisten_addr = \"0.0.0.0:8443\"\n"
            + "tls_cert = \"/srv/metacrypt/certs/server.crt\"\n"
            + "tls_key = \"/srv/metacrypt/certs/server.key\"\n"
            + "[database]\npath = \"/srv/metacrypt/metacrypt.db\"\n"
            + "[mcias]\nserver_url = \"https://127.0.0.1:"
            + f.identity.port()
            + "\"\nca_cert = \"/srv/metacrypt/certs/server.crt\"\n"
            + "service_name = \"metacrypt\"\n");
    // The image runs as its unprivileged user (uid 10001), which owns the service's directory.
    run("chown", "-R", "10001:10001", srv.toString());
    Path definition = f.dir.resolve(service + ".toml");
    Files.writeString(
        definition,
        "name = \""
            + service
            + "\"\n[[components]]\nname = \"api\"\nimage = \""
            + image
            + "\"\ncmd = [\"metacrypt\", \"server\", \"--config\", \"/srv/metacrypt/metacrypt.toml\"]\n"
            + "volumes = [\""
            + srv
            + ":/srv/metacrypt\"]\n"
            + "[[components.routes]]\nport = 8443\nmode = \"l4\"\n");
    assertThat(f.login("root").exitCode()).isZero();
    Run.Result deployed = f.mcp("deploy", definition.toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    JsonNode status = JSON.readTree(f.mcp("status", service, "--json").out());
    int hostPort = status.at("/components/0/routes/0/host_port").asInt();
    assertThat(hostPort).isBetween(20100, 20299);

    String answer = awaitStatus(hostPort);
    assertThat(JSON.readTree(answer).path("state").asText()).isEqualTo("uninitialized");
    assertThat(srv.resolve("metacrypt.db")).exists();

    assertThat(f.mcp("undeploy", service).exitCode()).isZero();
  }

  /** GET /v1/status over TLS, trusting only the service's certificate, until it answers. */
  static String awaitStatus(int port) throws Exception {
    String last = "";
    for (int i = 0; i < 120; i++) {
      Process curl =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "--max-time",
                  "2",
                  "--cacert",
                  f.cert.toString(),
                  "https://127.0.0.1:" + port + "/v1/status")
              .redirectErrorStream(true)
              .start();
      last = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (curl.waitFor(5, TimeUnit.SECONDS) && curl.exitValue() == 0) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the crypto service never answered on " + port + ": " + last);
  }

  static String buildImage(Path dir) throws Exception {
    Path log = dir.resolve("build-image.log");
    Process build =
        new ProcessBuilder(root.resolve("scripts/build-image.sh").toString(), "--skip-build")
            .redirectError(log.toFile())
            .start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(15, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as(Files.readString(log)).isZero();
    List<String> lines = Stream.of(out.split("\n")).filter(l -> !l.isBlank()).toList();
    return lines.get(lines.size() - 1).strip();
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}
