package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.dev.DevCaIssuer;
import dev.metacircular.apps.dev.DevPlatform;
import dev.metacircular.crypto.Argon2Parameters;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13's l7 routes and HTTP boot checks on real Podman: dev mode's crypto service (in process,
 * its {@code ca} mount) is the agents' {@code [certificates]} CA; a busybox service with an {@code
 * l7} route for {@code web.test} gets its certificate files in {@code <service_root>/<service>/
 * certs/}, renewed while deployed (a 30 s ttl); a hostname outside the role is refused with the
 * CA's reason and nothing is created; a boot stage whose {@code health_path} answers 404 stops the
 * boot with the report. One control plane for the class, steps in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneL7RoutesTest {

  static DevPlatform ca;
  static ControlPlaneFixture f;
  static Path caPem;
  static String site;
  static Path certs;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mcp-l7");
    ca =
        DevPlatform.start(
            new DevPlatform.Options(
                dir.resolve("dev"),
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(new StringWriter(), true));
    caPem = dir.resolve("dev").resolve("ca.pem");
    Path token = DevCaIssuer.tokenFile(ca, "route-issuer", dir.resolve("issuer.token"));
    // A 30 s lifetime (NotBefore backdated 30 s): due for renewal 10 s after it is issued.
    String certificates =
        "[certificates]\nissue_url = \"https://127.0.0.1:"
            + ca.cryptoPort()
            + "\"\nca_cert = \""
            + caPem
            + "\"\nrole = \""
            + DevCaIssuer.ROLE
            + "\"\ntoken_file = \""
            + token
            + "\"\nttl = \"30s\"\n";
    String hz = "hz" + dir.getFileName().toString().replaceAll("[^a-z0-9]", "").toLowerCase();
    f =
        new ControlPlaneFixture(
            dir, "[[boot]]\nname = \"second\"\nservices = [\"" + hz + "\"]\n", certificates);
    site = "l7" + f.run;
    assertThat(f.login("root").exitCode()).isZero();
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
    if (ca != null) {
      ca.close();
    }
  }

  static JsonNode json(Run.Result r) throws Exception {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return ControlPlaneEndToEndTest.JSON.readTree(r.out());
  }

  /** A busybox httpd with one l7 route. */
  static Path l7(String service, String hostname, String healthPath) throws Exception {
    Path file = f.dir.resolve(service + ".toml");
    Files.writeString(
        file,
        "name = \""
            + service
            + "\"\n[[components]]\nname = \"web\"\nimage = \""
            + ControlPlaneFixture.IMAGE
            + "\"\ncmd = [\"/bin/busybox\", \"sh\", \"-c\", \"mkdir -p /www && echo "
            + service
            + " > /www/index.html && exec /bin/busybox httpd -f -p $PORT -h /www\"]\n"
            + "[[components.routes]]\nport = 8080\nmode = \"l7\"\n"
            + (hostname.isEmpty() ? "" : "hostname = \"" + hostname + "\"\n")
            + (healthPath.isEmpty() ? "" : "health_path = \"" + healthPath + "\"\n"));
    return file;
  }

  static X509Certificate leaf(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static String containers(String service) {
    return ControlPlaneFixture.podman(
        f.containersConf, "ps", "-a", "--format", "{{.Names}}", "--filter", "name=" + service);
  }

  @Test
  @Order(10)
  void anL7RouteGetsItsCertificateFilesFromTheCaBeforeItsContainerStarts() throws Exception {
    JsonNode deployed = json(f.mcp("deploy", l7(site, "web.test", "").toString(), "--json"));
    assertThat(deployed.get("state").asText()).isEqualTo("running");
    certs = f.serviceRoot(deployed.get("node").asText()).resolve(site).resolve("certs");

    Path pem = certs.resolve("web.test.pem");
    Path key = certs.resolve("web.test.key");
    assertThat(certs.resolve("ca.pem")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    X509Certificate cert = leaf(pem);
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "web.test"));
    // The pair file carries the chain; ca.pem is what a client trusts.
    Process verify =
        new ProcessBuilder(
                "openssl", "verify", "-CAfile", certs.resolve("ca.pem").toString(), pem.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(verify.getInputStream().readAllBytes());
    assertThat(verify.waitFor()).as(said).isZero();
    assertThat(said).contains(": OK");
    assertThat(json(f.mcp("status", site, "--json")).get("events").toString())
        .contains("certificate for web.test issued into " + certs);
  }

  @Test
  @Order(20)
  void theCertificateIsRenewedWhileTheServiceIsDeployed() throws Exception {
    Path pem = certs.resolve("web.test.pem");
    BigInteger first = leaf(pem).getSerialNumber();
    Instant deadline = Instant.now().plusSeconds(45);
    BigInteger now = first;
    while (now.equals(first) && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      try {
        now = leaf(pem).getSerialNumber();
      } catch (java.io.IOException | java.security.cert.CertificateException midRename) {
        // the renewer renames the new file into place; read again
      }
    }
    assertThat(now).as("renewed while deployed").isNotEqualTo(first);
    assertThat(containers(site)).contains(site + "-web");
  }

  @Test
  @Order(30)
  void aHostnameOutsideTheRoleIsRefusedWithTheCasReasonAndNothingIsCreated() throws Exception {
    String bad = "bad" + f.run;
    Run.Result r = f.mcp("deploy", l7(bad, "web.example", "").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("the CA refused a certificate for l7 route hostname web.example")
        .contains("name web.example is not allowed by role localhost");
    assertThat(containers(bad)).doesNotContain(bad);
    assertThat(f.serviceRoot(f.nodeA).resolve(bad)).doesNotExist();
    assertThat(f.serviceRoot(f.nodeB).resolve(bad)).doesNotExist();
    assertThat(f.mcp("status", bad).exitCode()).isNotZero();
  }

  @Test
  @Order(40)
  void aStageWhoseHealthPathIsWrongStopsTheBootWithTheReport() throws Exception {
    String web = "web" + f.run;
    json(f.mcp("deploy", f.httpd(web, "", "").toString(), "--json"));
    String hz = f.dir.getFileName().toString().replaceAll("[^a-z0-9]", "").toLowerCase();
    hz = "hz" + hz;
    JsonNode deployed = json(f.mcp("deploy", l7(hz, "", "/healthz").toString(), "--json"));
    int port = deployed.get("components").get(0).get("routes").get(0).get("host_port").asInt();

    Run.Result failed = f.mcp("boot");
    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.err())
        .contains(
            "boot failed at stage second: "
                + hz
                + " failed http GET 127.0.0.1:"
                + port
                + "/healthz: HTTP 404");

    json(f.mcp("deploy", l7(hz, "", "/index.html").toString(), "--json"));
    Run.Result booted = f.mcp("boot");
    assertThat(booted.exitCode()).as(booted.err()).isZero();
    assertThat(booted.out()).contains("boot completed: first, second");
  }

  @Test
  @Order(50)
  void undeployRemovesTheContainerAndLeavesTheDataAsItLeavesAllData() throws Exception {
    assertThat(f.mcp("undeploy", site).exitCode()).isZero();
    assertThat(containers(site)).doesNotContain(site + "-web");
    assertThat(certs.resolve("web.test.pem")).isRegularFile();
  }
}
