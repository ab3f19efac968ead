package dev.metacircular.apps.mcp;

import static dev.metacircular.apps.mcp.ControlPlaneEndToEndTest.get;
import static dev.metacircular.apps.mcp.ControlPlaneEndToEndTest.hostPort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mc mcp migrate} end to end: a busybox service and its data directory (files, a live SQLite
 * database in WAL mode, a {@code backups/} directory) move from node A to node B of a real control
 * plane on one Podman; the agents' service roots differ as two machines' would.
 */
class ControlPlaneMigrationTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static ControlPlaneFixture f;
  static String edge;

  @BeforeAll
  static void start() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mcp-migrate");
    String run = Long.toHexString(System.nanoTime());
    edge = "e" + run.substring(run.length() - 8);
    f =
        new ControlPlaneFixture(
            dir,
            "[[nodes]]\nname = \""
                + edge
                + "\"\naddress = \"127.0.0.1:1\"\nca_cert = \""
                + dir.resolve("tls.crt")
                + "\"\nrole = \"edge\"\n");
    Run.Result login = f.login("root");
    assertThat(login.exitCode()).as(login.err()).isZero();
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  static JsonNode json(Run.Result r) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void aServiceMovesToAnotherNodeWithItsDataAndRefusalsSayWhy() throws Exception {
    String service = "mig" + f.run;
    JsonNode deployed =
        json(
            f.mcp(
                "deploy",
                f.httpd(service, "node = \"" + f.nodeA + "\"\n", "").toString(),
                "--json"));
    assertThat(deployed.get("node").asText()).isEqualTo(f.nodeA);

    Path onA = Files.createDirectories(f.serviceRoot(f.nodeA).resolve(service));
    Files.writeString(onA.resolve("config.toml"), "greeting = \"hello\"\n");
    Files.createDirectories(onA.resolve("certs"));
    Files.writeString(onA.resolve("certs/cert.pem"), "PEM");
    Files.createDirectories(onA.resolve("backups"));
    Files.writeString(onA.resolve("backups/app-20261201.db"), "an old backup");
    try (Connection live = DriverManager.getConnection("jdbc:sqlite:" + onA.resolve("app.db"));
        Statement s = live.createStatement()) {
      // The service's database stays open, its last row only in the WAL, while it migrates.
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE notes (text TEXT)");
      s.execute("INSERT INTO notes VALUES ('written on A')");
      assertThat(onA.resolve("app.db-wal")).exists();

      JsonNode moved = json(f.mcp("migrate", service, "--to", f.nodeB, "--json"));
      assertThat(moved.get("node").asText()).isEqualTo(f.nodeB);
      assertThat(moved.get("state").asText()).isEqualTo("running");
    }

    JsonNode status = json(f.mcp("status", service, "--json"));
    assertThat(status.get("node").asText()).isEqualTo(f.nodeB);
    int port = hostPort(status);
    assertThat(port).isBetween(20200, 20299);
    assertThat(get(port)).isEqualTo(service);
    assertThat(
            ControlPlaneFixture.podman(
                    f.containersConf,
                    "ps",
                    "-aq",
                    "--filter",
                    "label=mcp.node=" + f.nodeA,
                    "--filter",
                    "label=mcp.service=" + service)
                .strip())
        .isEmpty();

    Path onB = f.serviceRoot(f.nodeB).resolve(service);
    assertThat(Files.readString(onB.resolve("config.toml"))).isEqualTo("greeting = \"hello\"\n");
    assertThat(Files.readString(onB.resolve("certs/cert.pem"))).isEqualTo("PEM");
    assertThat(onB.resolve("backups")).doesNotExist();
    assertThat(onB.resolve("app.db-wal")).doesNotExist();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + onB.resolve("app.db"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT text FROM notes")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("written on A");
    }
    // The source keeps its copy: the way back if the new node misbehaves.
    assertThat(onA.resolve("config.toml")).exists();

    assertRefused(
        f.mcp("migrate", service, "--to", "nowhere"),
        "cannot migrate " + service + " to nowhere: node nowhere is unknown");
    assertRefused(
        f.mcp("migrate", service, "--to", f.nodeB),
        "cannot migrate "
            + service
            + " to "
            + f.nodeB
            + ": service "
            + service
            + " already runs on node "
            + f.nodeB);
    assertRefused(
        f.mcp("migrate", service, "--to", edge),
        "cannot migrate "
            + service
            + " to "
            + edge
            + ": node "
            + edge
            + " is an edge node and runs no containers");
    // Back to A, whose directory still holds the old copy: data is never overwritten.
    Run.Result back = f.mcp("migrate", service, "--to", f.nodeA);
    assertThat(back.exitCode()).isNotZero();
    assertThat(back.err().strip())
        .doesNotContain("\n")
        .contains("failed at transfer to " + f.nodeA)
        .contains("exists and is not empty")
        .endsWith("it runs on " + f.nodeB + " again");
    JsonNode after = json(f.mcp("status", service, "--json"));
    assertThat(after.get("node").asText()).isEqualTo(f.nodeB);
    assertThat(get(hostPort(after))).isEqualTo(service);
  }

  static void assertRefused(Run.Result r, String message) {
    assertThat(r.exitCode()).as(r.out()).isNotZero();
    assertThat(r.err().strip()).doesNotContain("\n").endsWith(message);
  }
}
