package dev.metacircular.apps.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.web.BrowserScripts;
import dev.metacircular.apps.web.PageClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The master's read-only fleet page with the real pieces: the control plane of {@link
 * ControlPlaneFixture} (identity server, two agents on the machine's Podman, the master with {@code
 * [web] listen_addr}), one busybox service deployed through {@code mc mcp deploy}, the page read
 * over HTTPS by an HTTP client and by headless Chromium. One control plane for the class.
 */
class FleetPageTest {

  static final String COOKIE = "__Host-mcp_session";
  static ControlPlaneFixture f;
  static String service;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mcp-fleet");
    f = new ControlPlaneFixture(dir, "[web]\nlisten_addr = \"127.0.0.1:0\"\n");
    service = "fleet" + f.run;
    assertThat(f.login("root").exitCode()).isZero();
    Run.Result deployed =
        f.mcp("deploy", f.httpd(service, "node = \"" + f.nodeA + "\"\n", "").toString());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    base = "https://127.0.0.1:" + f.master.webPort();
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  static PageClient signedIn(String user) {
    PageClient browser = new PageClient(base, f.cert, COOKIE);
    browser.get("/login");
    HttpResponse<String> r =
        browser.submit("/login", "username", user, "password", ControlPlaneFixture.PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/fleet");
    return browser;
  }

  @Test
  void withoutASessionThePagesSendTheBrowserToTheLoginForm() {
    PageClient browser = new PageClient(base, f.cert, COOKIE);
    HttpResponse<String> first = browser.get("/fleet");
    assertThat(first.headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith(COOKIE + "=").contains("Secure", "HttpOnly"));
    for (String path : new String[] {"/", "/fleet", "/fleet/services/" + service}) {
      HttpResponse<String> r = browser.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(path).hasValue("/login");
    }
    HttpResponse<String> login = browser.get("/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'");
  }

  @Test
  void anAdminSignedInOverHttpsSeesTheNodesTheServiceAndItsEvents() {
    PageClient root = signedIn("root");
    HttpResponse<String> page = root.get("/fleet");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-node=\"" + f.nodeA + "\"")
        .contains("data-node=\"" + f.nodeB + "\"")
        .contains("data-service=\"" + service + "\"")
        .contains(ControlPlaneFixture.IMAGE)
        .containsPattern("8080 → 20[12]\\d\\d \\(l4\\)")
        .contains("placed on " + f.nodeA);
    String row =
        page.body()
            .substring(page.body().indexOf("data-service=\"" + service + "\""))
            .split("</tr>")[0];
    assertThat(row).contains("state running").contains(">" + f.nodeA + "<");

    HttpResponse<String> detail = root.get("/fleet/services/" + service);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains("id=\"service-state\">running<")
        .contains("id=\"service-node\">" + f.nodeA + "<")
        .contains(">deployed<");
    assertThat(root.get("/fleet/services/nothing" + f.run).statusCode()).isEqualTo(404);
  }

  @Test
  void aNonAdminIsRefusedWithAPageSayingWhy() {
    PageClient alice = signedIn("alice");
    HttpResponse<String> page = alice.get("/fleet");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body())
        .contains("admin role required")
        .contains("signed in as <strong>alice</strong>")
        .doesNotContain(service);
  }

  @Test
  void theFleetPageWorksInChromium() {
    Path shots = BrowserScripts.screenshots("fleet-flow");
    String output =
        BrowserScripts.run(
            "fleet-flow.js", base, shots, "root", ControlPlaneFixture.PASSWORD, f.nodeA, service);
    assertThat(output).contains("[fleet] passed");
  }
}
