package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input hygiene at the crypto service's HTTPS door. (Canonical base64 at this door is a property:
 * {@link InputCryptoRestProperties}.)
 */
class InputCryptoRestTest {
  @TempDir static Path dir;
  static InputDoors doors;
  static String admin;

  @BeforeAll
  static void start() {
    doors = new InputDoors(dir);
    // The case first: a page in a browser posting {"password": ...} as text/plain to an
    // uninitialized server would have chosen its seal password.
    InputDoors.Reply crossSite =
        doors.send(
            "POST",
            doors.cryptoUri("/v1/init"),
            null,
            "text/plain",
            "{\"password\":\"chosen by a web page\"}");
    assertThat(crossSite.status()).isEqualTo(415);
    assertThat(crossSite.body()).isEqualTo(JsonRoutes.REFUSAL);
    assertThat(doors.send("GET", doors.cryptoUri("/v1/status"), null, null, null).body())
        .contains("uninitialized");
    admin = doors.cryptoInitAndLogin();
    InputDoors.Reply mount =
        doors.postJson(
            doors.cryptoUri("/v1/engine/mounts"),
            admin,
            Map.of("name", "transit", "type", "transit"));
    assertThat(mount.status()).as(mount.body()).isBetween(200, 201);
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
            doors.crypto.restRoutes(),
            doors::cryptoUri,
            admin,
            Set.of("POST /v1/auth/logout", "POST /v1/seal", "POST /v1/rotate"),
            Set.of());
    assertThat(json)
        .contains(
            "POST /v1/init",
            "POST /v1/unseal",
            "POST /v1/auth/login",
            "POST /v1/engine/request",
            "POST /v1/engine/mounts",
            "POST /v1/rekey",
            "POST /v1/policy/rules");
    assertThat(json.size()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void anAbortedBodyIsA400AndOneInfoLineWithoutAStackTrace() throws InterruptedException {
    try (InputDoors.Logs logs = new InputDoors.Logs()) {
      doors.abort(
          doors.crypto.port(),
          "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 4000\r\n",
          "{\"username\":\"root\",\"pass".getBytes(StandardCharsets.UTF_8));
      // A large upload cut off partway (announced within the 64 KiB body limit, which would
      // otherwise answer 413 before reading anything).
      doors.abort(
          doors.crypto.port(),
          "POST /v1/engine/request HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: application/json\r\nAuthorization: Bearer "
              + admin
              + "\r\n"
              + "Content-Length: 40000\r\n",
          ("{\"mount\":\"transit\",\"operation\":\"encrypt\",\"data\":{\"plaintext\":\""
                  + "QUFB".repeat(2000))
              .getBytes(StandardCharsets.UTF_8));
      logs.await(e -> e.getFormattedMessage().startsWith("POST /v1/auth/login "));
      logs.await(e -> e.getFormattedMessage().startsWith("POST /v1/engine/request "));
      InputIdentityRestTest.assertAbortedQuietly(logs.events(), "/v1/auth/login");
      InputIdentityRestTest.assertAbortedQuietly(logs.events(), "/v1/engine/request");
    }
  }

  @Test
  void theDocumentedCurlFormOfAJsonPostWorks() {
    // What docs/crypto.md shows: curl -H 'Content-Type: application/json' -d '{...}'.
    InputDoors.Reply r =
        doors.send(
            "POST",
            doors.cryptoUri("/v1/engine/request"),
            admin,
            "application/json",
            "{\"mount\":\"transit\",\"operation\":\"list-keys\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
