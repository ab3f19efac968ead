package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.hardening.AudienceServers.Reply;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 1 and 2 at the REST doors: the identity service's own API accepts only tokens whose
 * audience is {@code mcias}, the crypto service only {@code metacrypt}, and a token that names no
 * service is a token for the identity service, never a wildcard.
 */
class AudienceRestTest {

  @TempDir Path dir;
  AudienceServers s;
  Account alice;

  @BeforeEach
  void start() {
    s = new AudienceServers(dir);
    s.human("root", Role.ADMIN);
    alice = s.human("alice", Role.USER);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private static Map<String, Object> newAccount(String username) {
    return Map.of(
        "username",
        username,
        "account_type",
        "human",
        "password",
        "a long enough password",
        "roles",
        List.of("admin"));
  }

  private void assertRefusedByIdentityApi(String token) {
    Reply list = s.get("/v1/accounts", token);
    assertThat(list.status()).isEqualTo(401);
    assertThat(list.json().get("error").asText()).isEqualTo("invalid or expired token");
    assertThat(s.post("/v1/accounts", token, newAccount("mallory")).status()).isEqualTo(401);
    assertThat(
            s.send(
                    "PUT",
                    "/v1/accounts/" + alice.id() + "/roles",
                    token,
                    Map.of("roles", List.of("admin")))
                .status())
        .isEqualTo(401);
    assertThat(
            s.post("/v1/token/issue", token, Map.of("account_id", alice.id().toString())).status())
        .isEqualTo(401);
    assertThat(s.get("/v1/auth/me", token).status()).isEqualTo(401);
    // Nothing was created or granted.
    assertThat(s.identity.core().accounts().getByUsername(AudienceServers.SETUP, "alice").roles())
        .containsExactly(Role.USER);
  }

  @Test
  void anAdminTokenMintedForAnotherServiceCannotAdministerTheIdentityService() {
    assertRefusedByIdentityApi(s.login("root", "otherapp"));

    String own = s.login("root", null);
    assertThat(s.get("/v1/accounts", own).status()).isEqualTo(200);
    assertThat(s.post("/v1/accounts", own, newAccount("carol")).status()).isEqualTo(201);
  }

  @Test
  void aTokenFromTheCryptoServicesLoginIsForTheCryptoServiceOnly() {
    Reply login =
        s.send(
            s.cryptoUri("/v1/auth/login"),
            "POST",
            null,
            Map.of("username", "root", "password", AudienceServers.PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    String cryptoToken = login.json().get("token").asText();

    assertThat(s.send(s.cryptoUri("/v1/auth/tokeninfo"), "GET", cryptoToken, null).status())
        .isEqualTo(200);
    assertRefusedByIdentityApi(cryptoToken);
  }

  @Test
  void theCryptoServiceRefusesATokenThatNamesNoServiceOrAnother() {
    for (String service : new String[] {null, "", "  ", "otherapp"}) {
      String token = s.login("root", service);
      Reply info = s.send(s.cryptoUri("/v1/auth/tokeninfo"), "GET", token, null);
      assertThat(info.status()).as("service_name %s", service).isEqualTo(401);
      assertThat(info.json().get("error").asText()).isEqualTo("invalid or expired token");
    }
    String forCrypto = s.login("root", "metacrypt");
    assertThat(s.send(s.cryptoUri("/v1/auth/tokeninfo"), "GET", forCrypto, null).status())
        .isEqualTo(200);
  }

  @Test
  void validateAnswersTheAudienceAndChecksOneWhenAsked() {
    String token = s.login("alice", "metacrypt");

    Reply any = s.post("/v1/token/validate", null, Map.of("token", token));
    assertThat(any.json().get("valid").asBoolean()).isTrue();
    assertThat(any.json().get("aud").asText()).isEqualTo("metacrypt");
    Reply ours =
        s.post("/v1/token/validate", null, Map.of("token", token, "audience", "metacrypt"));
    assertThat(ours.json().get("valid").asBoolean()).isTrue();
    Reply theirs = s.post("/v1/token/validate", null, Map.of("token", token, "audience", "mcias"));
    assertThat(theirs.status()).isEqualTo(200);
    assertThat(theirs.json().get("valid").asBoolean()).isFalse();
    assertThat(theirs.json().has("aud")).isFalse();

    Reply blank = s.post("/v1/token/validate", null, Map.of("token", token, "audience", " "));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().get("error").asText()).contains("audience");
    String plain = s.login("alice", null);
    assertThat(
            s.post("/v1/token/validate", null, Map.of("token", plain)).json().get("aud").asText())
        .isEqualTo("mcias");
  }

  @Test
  void aServiceTokenIsForTheServiceNamedAtIssue() {
    String admin = s.login("root", null);
    Account ci = s.system("ci");

    Reply forCrypto =
        s.post(
            "/v1/token/issue",
            admin,
            Map.of("account_id", ci.id().toString(), "service_name", "metacrypt"));
    assertThat(forCrypto.status()).isEqualTo(200);
    String cryptoToken = forCrypto.json().get("token").asText();
    assertThat(
            s.post("/v1/token/validate", null, Map.of("token", cryptoToken))
                .json()
                .get("aud")
                .asText())
        .isEqualTo("metacrypt");
    assertThat(s.send(s.cryptoUri("/v1/auth/tokeninfo"), "GET", cryptoToken, null).status())
        .isEqualTo(200);
    assertThat(s.get("/v1/accounts", cryptoToken).status()).isEqualTo(401);

    Reply forIdentity = s.post("/v1/token/issue", admin, Map.of("account_id", ci.id().toString()));
    String identityToken = forIdentity.json().get("token").asText();
    assertThat(
            s.post("/v1/token/validate", null, Map.of("token", identityToken))
                .json()
                .get("aud")
                .asText())
        .isEqualTo("mcias");
    assertThat(s.send(s.cryptoUri("/v1/auth/tokeninfo"), "GET", identityToken, null).status())
        .isEqualTo(401);

    Reply listed = s.get("/v1/accounts/" + ci.id() + "/tokens", admin);
    assertThat(listed.json().get("tokens").findValuesAsText("audience"))
        .containsExactlyInAnyOrder("metacrypt", "mcias");
  }

  @Test
  void renewAndLogoutStayOpenToTheTokensHolderWhateverItsAudience() {
    String cryptoToken = s.login("alice", "metacrypt");

    Reply renewed = s.post("/v1/auth/renew", cryptoToken, null);
    assertThat(renewed.status()).isEqualTo(200);
    String next = renewed.json().get("token").asText();
    assertThat(s.post("/v1/token/validate", null, Map.of("token", next)).json().get("aud").asText())
        .as("renew keeps the audience")
        .isEqualTo("metacrypt");
    assertThat(s.post("/v1/auth/logout", next, null).status()).isEqualTo(200);
    assertThat(
            s.post("/v1/token/validate", null, Map.of("token", next))
                .json()
                .get("valid")
                .asBoolean())
        .isFalse();
  }

  @Test
  void anSsoClientCannotBeRegisteredForTheIdentityServiceItself() {
    String admin = s.login("root", null);
    Reply r =
        s.post(
            "/v1/sso/clients",
            admin,
            Map.of(
                "client_id",
                "sneaky",
                "service_name",
                "mcias",
                "redirect_uris",
                List.of("https://sneaky.example/cb")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains("own audience");
  }
}
