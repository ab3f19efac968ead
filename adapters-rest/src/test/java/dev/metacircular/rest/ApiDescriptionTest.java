package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API description against the running servers, both ways: every Javalin route of each server is
 * described, and every described path answers (neither the router's 404 nor 405). Also: it is
 * served without a token, and the copy in docs/openapi/ is what the servers serve.
 */
class ApiDescriptionTest {
  static final String REGENERATE =
      "./mvnw -B -o -pl adapters-rest -am verify -DskipPitest -Dtest=ApiDescriptionTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DOCS = Path.of("..", "docs", "openapi");

  private static IdentityRestServer identity;
  private static CryptoRestServer crypto;

  @BeforeAll
  static void start() {
    identity = IdentityRestServer.start(new FakeIdentityPorts().api(), TestTls.settings());
    FakeCryptoPorts cryptoPorts = new FakeCryptoPorts();
    cryptoPorts.reset();
    crypto = CryptoRestServer.start(cryptoPorts.api(), TestTls.settings());
  }

  @AfterAll
  static void stop() {
    identity.close();
    crypto.close();
  }

  @Test
  void bothServersServeTheirDescriptionWithoutAToken() throws Exception {
    for (RunningServer server : List.of(identity, crypto)) {
      TestClient.Reply reply = new TestClient(server.port()).get("/v1/openapi.json", null);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("Content-Type")).startsWith("application/json");
      JsonNode doc = JSON.readTree(reply.body());
      assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
      assertThat(doc.path("paths").has("/v1/openapi.json")).isTrue();
    }
    assertThat(served(identity))
        .isEqualTo(new String(ApiDescription.identity(), StandardCharsets.UTF_8));
    assertThat(served(crypto))
        .isEqualTo(new String(ApiDescription.crypto(), StandardCharsets.UTF_8));
  }

  @Test
  void everyIdentityRouteIsDescribed() throws Exception {
    assertThat(described(identity)).containsAll(routes(identity));
  }

  @Test
  void everyCryptoRouteIsDescribed() throws Exception {
    assertThat(described(crypto)).containsAll(routes(crypto));
  }

  @Test
  void everyDescribedIdentityPathAnswers() throws Exception {
    assertThat(unanswered(identity)).isEmpty();
  }

  @Test
  void everyDescribedCryptoPathAnswers() throws Exception {
    assertThat(unanswered(crypto)).isEmpty();
  }

  @Test
  void theDocsCopiesAreWhatTheServersServe() throws Exception {
    check(DOCS.resolve("identity.json"), served(identity));
    check(DOCS.resolve("crypto.json"), served(crypto));
  }

  @Test
  void everyEngineOperationHasARequestSchemaAndEveryReferenceResolves() throws Exception {
    JsonNode doc = JSON.readTree(served(crypto));
    JsonNode variants =
        doc.at(
            "/paths/~1v1~1engine~1request/post/requestBody/content/application~1json/schema/anyOf");
    Set<String> titles = new HashSet<>();
    variants.forEach(v -> titles.add(v.path("title").asText()));
    assertThat(titles)
        .contains("transit encrypt", "transit decrypt", "ca issue", "sshca sign", "user encrypt");
    int operations = ApiDescription.ENGINE_OPERATIONS.stream().mapToInt(List::size).sum();
    assertThat(variants.size()).isEqualTo(operations);
    for (String text : List.of(served(crypto), served(identity))) {
      JsonNode d = JSON.readTree(text);
      List<String> refs = new ArrayList<>();
      collectRefs(d, refs);
      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        assertThat(d.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
      }
    }
  }

  @Test
  void everyNullableAnswerNamesARealComponent() {
    Set<String> components = new HashSet<>();
    for (Class<?> type :
        List.of(PolicyController.ExplanationView.class, PasskeyController.PasskeyView.class)) {
      for (var c : type.getRecordComponents()) {
        components.add(type.getSimpleName() + "." + c.getName());
      }
    }
    assertThat(components).containsAll(RecordSchemas.NULLABLE_ANSWERS);
  }

  @Test
  void operationIdsAreUnique() {
    for (List<ApiEndpoint> endpoints :
        List.of(ApiDescription.identityEndpoints(), ApiDescription.cryptoEndpoints())) {
      Set<String> ids = new HashSet<>();
      for (ApiEndpoint e : endpoints) {
        assertThat(ids.add(ApiDescription.operationId(e))).as(e.path()).isTrue();
      }
    }
    assertThat(
            ApiDescription.operationId(
                ApiDescription.identityEndpoints().stream()
                    .filter(e -> e.path().equals("/v1/accounts/{id}/roles"))
                    .findFirst()
                    .orElseThrow()))
        .isEqualTo("getAccountsByIdRoles");
  }

  @Test
  void aRequiredFieldThatIsNotAComponentFailsTheBuild() {
    RecordSchemas schemas = new RecordSchemas();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> schemas.require(StatusView.class, List.of("state")))
        .hasMessageContaining("has no component state");
    JsonNode required = schemas.require(StatusView.class, List.of("status"));
    assertThat(required.at("/required/0").asText()).isEqualTo("status");
    assertThat(required.at("/properties/status/type").asText()).isEqualTo("string");
    assertThat(required.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void requestsRequireWhatTheRouteSaysAndAnswersCarryEveryField() throws Exception {
    JsonNode doc = JSON.readTree(served(identity));
    JsonNode login =
        doc.at("/paths/~1v1~1auth~1login/post/requestBody/content/application~1json/schema");
    assertThat(login.path("required").toString()).isEqualTo("[\"username\",\"password\"]");
    assertThat(login.at("/properties/totp_code/type").asText()).isEqualTo("string");
    JsonNode account = doc.at("/components/schemas/AccountView");
    assertThat(account.path("required").size()).isEqualTo(8);
    assertThat(account.at("/properties/created_at/format").asText()).isEqualTo("date-time");
    // Written even when null: no rule matched.
    assertThat(doc.at("/components/schemas/ExplanationView/properties/rule/anyOf/1/type").asText())
        .isEqualTo("null");
    assertThat(
            doc.at("/components/schemas/PasskeyView/properties/last_used_at/anyOf/1/type").asText())
        .isEqualTo("null");
    // A validation answer leaves out the claims of a bad token: only "valid" is always there.
    assertThat(doc.at("/components/schemas/ValidationView/required").toString())
        .isEqualTo("[\"valid\"]");
  }

  // --- helpers ---

  static String served(RunningServer server) {
    return new TestClient(server.port()).get("/v1/openapi.json", null).body();
  }

  private static void check(Path copy, String served) throws Exception {
    if (Boolean.getBoolean("openapi.update")) {
      Files.createDirectories(copy.getParent());
      Files.writeString(copy, served, StandardCharsets.UTF_8);
    }
    String kept = Files.exists(copy) ? Files.readString(copy, StandardCharsets.UTF_8) : "";
    assertThat(kept)
        .as(
            "docs/openapi/%s differs from what the server serves at GET /v1/openapi.json;"
                + " regenerate it with: %s",
            copy.getFileName(), REGENERATE)
        .isEqualTo(served);
  }

  /** The server's routes as "METHOD /path" in OpenAPI's syntax ({@code <x>} is {@code {x}}). */
  private static Set<String> routes(RunningServer server) {
    Set<String> routes = new TreeSet<>();
    for (String route : server.routes()) {
      // Before and after handlers (the seal gate's and the access log's) are no endpoints.
      if (route.startsWith("BEFORE") || route.startsWith("AFTER")) {
        continue;
      }
      routes.add(route.replace('<', '{').replace('>', '}'));
    }
    assertThat(routes).isNotEmpty();
    return routes;
  }

  private static Set<String> described(RunningServer server) throws Exception {
    JsonNode paths = JSON.readTree(served(server)).path("paths");
    Set<String> described = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> described.add(m.toUpperCase() + " " + path.getKey()));
    }
    return described;
  }

  /**
   * The described operations the server does not route: the router's own 404 ({@code {"error": "not
   * found"}}, which no handler here answers for the sample values) or a 405. The paths the
   * services' own modules route are skipped (see {@link ApiDescription#ROUTED_BY_THE_SERVICES}).
   */
  private static List<String> unanswered(RunningServer server) throws Exception {
    TestClient client = new TestClient(server.port());
    List<String> unanswered = new ArrayList<>();
    for (String operation : described(server)) {
      if (ApiDescription.routedByTheServices(operation)) {
        continue;
      }
      String method = operation.substring(0, operation.indexOf(' '));
      String path =
          operation
              .substring(operation.indexOf(' ') + 1)
              .replace("{id}", "00000000-0000-4000-8000-000000000001")
              .replaceAll("\\{[a-zA-Z]+}", "sample");
      TestClient.Reply reply =
          switch (method) {
            case "GET" -> client.get(path, null);
            case "POST" -> client.post(path, null, "{}");
            case "PUT" -> client.put(path, null, "{}");
            case "PATCH" -> client.patch(path, null, "{}");
            case "DELETE" -> client.delete(path, null);
            default -> throw new AssertionError(method);
          };
      boolean routerNotFound =
          reply.status() == 404 && reply.body().replace(" ", "").equals("{\"error\":\"notfound\"}");
      if (routerNotFound || reply.status() == 405) {
        unanswered.add(operation + " -> " + reply.status() + " " + reply.body());
      }
    }
    return unanswered;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                if (f.getKey().equals("$ref")) {
                  refs.add(f.getValue().asText());
                } else {
                  collectRefs(f.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}
