package dev.metacircular.apps.web;

import static dev.metacircular.apps.web.CryptoWebEnvironment.SEAL_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA pages over the real TLS server and core: the overview (issuers, roles, downloads), issuing
 * with the key shown once, revoking, and the ACL deciding for a non-admin.
 */
class CaWebPagesTest {
  @TempDir Path dir;
  CryptoWebEnvironment env;
  PageClient root;

  @BeforeEach
  void start() {
    env = new CryptoWebEnvironment(dir);
    root = new PageClient(env.baseUrl(), env.cert);
    root.get("/init");
    HttpResponse<String> r =
        root.submit("/init", "password", SEAL_PASSWORD, "confirm", SEAL_PASSWORD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    CryptoUseCases api = env.crypto.core().useCases();
    Caller tool = Caller.offlineTool("test");
    api.mounts().mount(tool, "pki", "ca", Map.of("root_common_name", "Web Root"));
    api.engines()
        .run(
            tool,
            "pki",
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer("infra", "Infra CA", null, null));
    api.engines()
        .run(
            tool,
            "pki",
            PkiOperations.CREATE_ROLE,
            RoleSettings.named("web")
                .issuer("infra")
                .allowedDomains(List.of("example.test"))
                .allowSubdomains(true)
                .allowBareDomains(false)
                .allowWildcard(false)
                .build());
    CryptoWebPagesTest.signIn(root, "root");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anAdminSeesTheCaIssuesWithTheKeyShownOnceAndRevokes() {
    assertThat(root.get("/dashboard").body()).contains("href=\"/pki/pki\"");
    String page = root.get("/pki/pki").body();
    assertThat(page)
        .contains("data-issuer=\"infra\"", "CN=Infra CA", "data-role=\"web\"")
        .contains("href=\"/v1/pki/pki/ca\"", "href=\"/v1/pki/pki/issuer/infra/crl?format=pem\"")
        .contains("No certificates yet.");

    HttpResponse<String> issued =
        root.submit(
            "/pki/pki/issue",
            "role",
            "web",
            "common_name",
            "www.example.test",
            "alt_names",
            "api.example.test",
            "ttl",
            "24h");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(issued.body())
        .contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----")
        .contains("it will not be shown again");
    Matcher serial = Pattern.compile("Issued ([0-9a-f:]+)").matcher(issued.body());
    assertThat(serial.find()).isTrue();

    String listed = root.get("/pki/pki").body();
    assertThat(listed)
        .contains("data-serial=\"" + serial.group(1) + "\"", "www.example.test, api.example.test")
        .doesNotContain("PRIVATE KEY");

    HttpResponse<String> revoked = root.submit("/pki/pki/certs/" + serial.group(1) + "/revoke");
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(root.follow(revoked).body()).contains("Revoked " + serial.group(1));

    HttpResponse<String> refused =
        root.submit("/pki/pki/issue", "role", "web", "common_name", "www.other.test");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("name www.other.test is not allowed by role web");
  }

  @Test
  void aUserWithoutAnAclRuleIsRefusedOnThePage() {
    PageClient alice = new PageClient(env.baseUrl(), env.cert);
    CryptoWebPagesTest.signIn(alice, "alice");
    HttpResponse<String> page = alice.get("/pki/pki");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"list-error\"");
    HttpResponse<String> issue =
        alice.submit("/pki/pki/issue", "role", "web", "common_name", "www.example.test");
    assertThat(issue.statusCode()).isEqualTo(403);
    assertThat(issue.body()).doesNotContain("PRIVATE KEY");
  }
}
