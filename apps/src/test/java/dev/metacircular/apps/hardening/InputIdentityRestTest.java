package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input hygiene at the identity service's HTTPS door (REST API and web UI on one port). */
class InputIdentityRestTest {
  @TempDir static Path dir;
  static InputDoors doors;
  static String admin;

  @BeforeAll
  static void start() {
    doors = new InputDoors(dir);
    admin = doors.identityLogin("root");
  }

  @AfterAll
  static void stop() {
    doors.close();
  }

  @Test
  void everyJsonRouteRefusesABodyOfAnotherMediaType() {
    List<String> json =
        JsonRoutes.checkEvery(
            doors,
            doors.identity.server.restRoutes(),
            doors::identityUri,
            admin,
            Set.of("POST /v1/auth/logout", "POST /v1/auth/renew"),
            Set.of("POST /v1/sso/token"));
    // The probe found the JSON routes by themselves; these must be among them.
    assertThat(json)
        .contains(
            "POST /v1/auth/login",
            "POST /v1/token/validate",
            "POST /v1/accounts",
            "POST /v1/token/issue",
            "POST /v1/policy/rules");
    assertThat(json.size()).isGreaterThanOrEqualTo(15);
  }

  @Test
  void aCrossSiteSimplePostCannotLogIn() {
    InputDoors.Reply r =
        doors.send(
            "POST",
            doors.identityUri("/v1/auth/login"),
            null,
            "text/plain;charset=UTF-8",
            "{\"username\":\"root\",\"password\":\"correct horse battery staple\"}");
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.body()).doesNotContain("token");
  }

  @Test
  void aPostWithoutABodyStaysAsItWas() {
    // Logout takes no body: any media type, or none, is fine.
    String token = doors.identityLogin("root");
    InputDoors.Reply r =
        doors.send("POST", doors.identityUri("/v1/auth/logout"), token, "text/plain", null);
    assertThat(r.status()).isBetween(200, 299);
  }

  @Test
  void anAbortedBodyIsA400AndOneInfoLineWithoutAStackTrace() throws InterruptedException {
    try (InputDoors.Logs logs = new InputDoors.Logs()) {
      // Not logged in: anyone can do this, so it must be cheap and quiet.
      doors.abort(
          doors.identity.server.port(),
          "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 4000\r\n",
          "{\"username\":\"root\",\"pass".getBytes(StandardCharsets.UTF_8));
      // The web UI's form posts read their body too.
      doors.abort(
          doors.identity.server.port(),
          "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n",
          "username=root&pass".getBytes(StandardCharsets.UTF_8));
      logs.await(e -> e.getFormattedMessage().startsWith("POST /login "));
      logs.await(e -> e.getFormattedMessage().startsWith("POST /v1/auth/login "));
      assertAbortedQuietly(logs.events(), "/v1/auth/login");
      assertAbortedQuietly(logs.events(), "/login");
    }
  }

  static void assertAbortedQuietly(List<ILoggingEvent> events, String path) {
    assertThat(events).noneMatch(e -> e.getThrowableProxy() != null);
    assertThat(events).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    assertThat(events)
        .filteredOn(
            e ->
                e.getFormattedMessage()
                    .startsWith("request body aborted by the client on POST " + path + " "))
        .singleElement()
        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
    assertThat(events)
        .filteredOn(e -> e.getFormattedMessage().startsWith("POST " + path + " "))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("POST " + path + " 400 "));
  }

  @Test
  void usernamesDifferingOnlyInCaseOrByATrailingDotAreRefused() {
    InputDoors.Reply alice =
        doors.postJson(
            doors.identityUri("/v1/accounts"),
            admin,
            Map.of("username", "alice", "account_type", "system"));
    assertThat(alice.status()).as(alice.body()).isEqualTo(201);

    InputDoors.Reply upper =
        doors.postJson(
            doors.identityUri("/v1/accounts"),
            admin,
            Map.of("username", "Alice", "account_type", "system"));
    assertThat(upper.status()).isEqualTo(409);
    assertThat(upper.json().get("error").asText())
        .isEqualTo(
            "username Alice clashes with existing account alice (usernames are unique ignoring case)");

    InputDoors.Reply dot =
        doors.postJson(
            doors.identityUri("/v1/accounts"),
            admin,
            Map.of("username", "alice.", "account_type", "system"));
    assertThat(dot.status()).isEqualTo(400);
    assertThat(dot.json().get("error").asText()).isEqualTo("username must not end with '.'");

    InputDoors.Reply list = doors.send("GET", doors.identityUri("/v1/accounts"), admin, null, null);
    assertThat(list.body())
        .contains("\"alice\"")
        .doesNotContain("\"Alice\"")
        .doesNotContain("\"alice.\"");
  }
}
