package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.error.DomainException;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The cross-cutting behaviour every service's API inherits, on a real TLS server. */
class SecureJavalinTest {
  static final int LIMIT = 1024;

  record Echo(String name, Integer count, JsonNode extra) {}

  record Counter(int count) {}

  private static Javalin app;
  private static TestClient client;
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  @BeforeAll
  static void start() {
    Logger rest = (Logger) LoggerFactory.getLogger("dev.metacircular.rest");
    LOGS.start();
    rest.addAppender(LOGS);
    RestSettings settings = new RestSettings("127.0.0.1", 0, TestTls.serverSettings(), LIMIT);
    app =
        SecureJavalin.create(
                settings,
                config -> {
                  config.routes.get(
                      "/ok", ctx -> JsonBodies.write(ctx, 200, Map.of("status", "ok")));
                  config.routes.post(
                      "/echo",
                      ctx -> {
                        Echo echo = JsonBodies.read(ctx, Echo.class);
                        JsonBodies.write(
                            ctx,
                            200,
                            Map.of(
                                "name",
                                String.valueOf(echo.name()),
                                "count",
                                echo.count() == null ? 0 : echo.count()));
                      });
                  config.routes.post("/javalin-json", ctx -> ctx.json(ctx.bodyAsClass(Echo.class)));
                  config.routes.post(
                      "/counter",
                      ctx -> JsonBodies.write(ctx, 200, JsonBodies.read(ctx, Counter.class)));
                  config.routes.post(
                      "/optional",
                      ctx ->
                          JsonBodies.write(
                              ctx,
                              200,
                              Map.of(
                                  "present",
                                  JsonBodies.readOptional(ctx, Echo.class).isPresent())));
                  config.routes.get(
                      "/boom",
                      ctx -> {
                        throw new IllegalStateException("database password is hunter2");
                      });
                  config.routes.get(
                      "/error",
                      ctx -> {
                        throw new OutOfMemoryError("simulated");
                      });
                  config.routes.get(
                      "/refuse/{kind}",
                      ctx -> {
                        throw refusal(ctx.pathParam("kind"));
                      });
                })
            .start();
    client = new TestClient(app.port());
  }

  @AfterAll
  static void stop() {
    app.stop();
    ((Logger) LoggerFactory.getLogger("dev.metacircular.rest")).detachAppender(LOGS);
  }

  @BeforeEach
  void clearLogs() {
    LOGS.list.clear();
  }

  static DomainException refusal(String kind) {
    return switch (kind) {
      case "invalid" -> new DomainException.InvalidInput("bad field");
      case "unauthenticated" -> new DomainException.Unauthenticated("invalid credentials");
      case "forbidden" -> new DomainException.Forbidden("admin role required");
      case "notfound" -> new DomainException.NotFound("account not found");
      case "conflict" -> new DomainException.Conflict("username already exists");
      case "precondition" -> new DomainException.PreconditionFailed("not initialized");
      case "limited" ->
          new DomainException.TooManyRequests("too many attempts", Duration.ofMillis(2500));
      default -> new DomainException.Unavailable("sealed");
    };
  }

  @Test
  void aStrictBodyIsDecoded() {
    var reply = client.post("/echo", null, "{\"name\":\"x\",\"count\":3}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("count").asInt()).isEqualTo(3);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
  }

  @Test
  void javalinsOwnJsonCallsUseTheStrictMapper() {
    var ok = client.post("/javalin-json", null, "{\"name\":\"x\",\"count\":2}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"name\":\"x\",\"count\":2,\"extra\":null}");
    var unknown = client.post("/javalin-json", null, "{\"nme\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo("{\"error\":\"unknown field \\\"nme\\\"\"}");
  }

  @Test
  void unknownFieldsAreNamedAndRefused() {
    var reply = client.post("/echo", null, "{\"name\":\"x\",\"is_admin\":true}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"unknown field \\\"is_admin\\\"\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":",
        "{name:1}",
        "{\"name\":\"x\"} {}",
        "{\"name\":\"x\"}]",
        "'x'",
        "nul"
      })
  void malformedJsonIsRefusedWithoutParserDetails(String body) {
    var reply = client.post("/echo", null, body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"malformed JSON\"}");
  }

  @Test
  void duplicateKeysAreRefused() {
    var reply = client.post("/echo", null, "{\"name\":\"a\",\"name\":\"b\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).contains("duplicate field");
  }

  @Test
  void scalarsAreNotCoerced() {
    assertThat(client.post("/echo", null, "{\"count\":\"3\"}").json().get("error").asText())
        .isEqualTo("invalid value for field \"count\"");
    assertThat(client.post("/echo", null, "{\"name\":5}").status()).isEqualTo(400);
    assertThat(client.post("/echo", null, "{\"count\":1.5}").status()).isEqualTo(400);
    assertThat(client.post("/counter", null, "{\"count\":null}").status()).isEqualTo(400);
    assertThat(client.post("/counter", null, "{}").status()).isEqualTo(400);
    assertThat(client.post("/counter", null, "{\"count\":7}").json().get("count").asInt())
        .isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
  void theBodyMustBeAnObject(String body) {
    var reply = client.post("/echo", null, body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("request body must be a JSON object");
  }

  @Test
  void anEmptyBodyIsRequiredUnlessOptional() {
    assertThat(client.post("/echo", null, null).json().get("error").asText())
        .isEqualTo("request body is required");
    assertThat(client.post("/echo", null, " \r\n ").json().get("error").asText())
        .isEqualTo("request body is required");
    var optional = client.post("/optional", null, null);
    assertThat(optional.status()).isEqualTo(200);
    assertThat(optional.json().get("present").asBoolean()).isFalse();
  }

  @Test
  void bodiesThatAreNotUtf8AreRefused() {
    byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    var reply = client.postBytes("/echo", null, latin1);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("{\"error\":\"request body is not valid UTF-8\"}");
    byte[] overlong = {
      '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'
    };
    assertThat(client.postBytes("/echo", null, overlong).status()).isEqualTo(400);
    var utf8 =
        client.postBytes(
            "/echo", null, "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(utf8.json().get("name").asText()).isEqualTo("caf\u00e9");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(40) + "]".repeat(40);
    var reply = client.post("/echo", null, "{\"extra\":" + deep + "}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("JSON nesting or size limit exceeded");
    String shallow = "[".repeat(20) + "]".repeat(20);
    assertThat(client.post("/echo", null, "{\"extra\":" + shallow + "}").status()).isEqualTo(200);
  }

  @Test
  void hugeNumbersAreRefused() {
    var reply = client.post("/echo", null, "{\"extra\":" + "9".repeat(100) + "}");
    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void anOversizedBodyWithContentLengthIs413() {
    String big = "{\"name\":\"" + "a".repeat(LIMIT) + "\"}";
    var reply = client.post("/echo", null, big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body()).isEqualTo("{\"error\":\"request body too large\"}");
    assertSecurityHeaders(reply);
  }

  @Test
  void anOversizedChunkedBodyIs413() {
    byte[] big = ("{\"name\":\"" + "a".repeat(4 * LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    var reply = client.postChunked("/echo", null, big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body()).isEqualTo("{\"error\":\"request body too large\"}");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsRead() {
    byte[] body = "{\"name\":\"chunked\"}".getBytes(StandardCharsets.UTF_8);
    var reply = client.postChunked("/echo", null, body);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("name").asText()).isEqualTo("chunked");
  }

  @Test
  void aBodyExactlyAtTheLimitIsAccepted() {
    String prefix = "{\"name\":\"";
    String suffix = "\"}";
    String body = prefix + "a".repeat(LIMIT - prefix.length() - suffix.length()) + suffix;
    assertThat(body.length()).isEqualTo(LIMIT);
    assertThat(client.post("/echo", null, body).status()).isEqualTo(200);
    assertThat(client.postChunked("/echo", null, body.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(200);
  }

  @Test
  void aLyingContentLengthIsRefusedBeforeTheBodyIsRead() {
    var reply =
        client.raw(
            "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 104857600\r\n",
            "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body()).isEqualTo("{\"error\":\"request body too large\"}");
  }

  @Test
  void unknownPathsAndMethodsAnswerJson() {
    var missing = client.get("/nowhere", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"not found\"}");
    assertSecurityHeaders(missing);
    var wrongMethod = client.delete("/echo", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"method not allowed\"}");
    assertSecurityHeaders(wrongMethod);
  }

  @Test
  void anUnexpectedExceptionIsAGeneric500AndLogged() {
    var reply = client.get("/boom", null);
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo("{\"error\":\"internal error\"}");
    assertThat(reply.headers().toString()).doesNotContain("hunter2").doesNotContain("IllegalState");
    assertSecurityHeaders(reply);
    assertThat(LOGS.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel().toString()).isEqualTo("ERROR");
              assertThat(e.getThrowableProxy()).isNotNull();
              assertThat(e.getThrowableProxy().getMessage()).contains("hunter2");
            });
  }

  @Test
  void anErrorIsAlsoAGeneric500() {
    var reply = client.get("/error", null);
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.body()).isEqualTo("{\"error\":\"internal error\"}");
  }

  @ParameterizedTest
  @CsvSource({
    "invalid, 400, bad field",
    "unauthenticated, 401, invalid credentials",
    "forbidden, 403, admin role required",
    "notfound, 404, account not found",
    "conflict, 409, username already exists",
    "precondition, 412, not initialized",
    "limited, 429, too many attempts",
    "unavailable, 503, sealed"
  })
  void refusalsKeepTheirStatusAndMessage(String kind, int status, String message) {
    var reply = client.get("/refuse/" + kind, null);
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.json().get("error").asText()).isEqualTo(message);
    assertThat(reply.json().size()).isEqualTo(1);
    assertSecurityHeaders(reply);
  }

  @Test
  void tooManyRequestsSaysWhenToRetry() {
    var reply = client.get("/refuse/limited", null);
    assertThat(reply.header("Retry-After")).isEqualTo("3");
  }

  @Test
  void unauthenticatedNamesTheBearerScheme() {
    assertThat(client.get("/refuse/unauthenticated", null).header("WWW-Authenticate"))
        .isEqualTo("Bearer");
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndNoBanner() {
    var ok = client.get("/ok", null);
    assertThat(ok.status()).isEqualTo(200);
    assertSecurityHeaders(ok);
    assertThat(ok.header("Server")).isNull();
    assertThat(ok.header("X-Powered-By")).isNull();
  }

  @Test
  void jettysOwnErrorsAreJsonWithSecurityHeaders() {
    var reply = client.send(client.builder("/ok", null).header("X-Huge", "a".repeat(20_000)).GET());
    assertThat(reply.status()).isEqualTo(431);
    assertThat(reply.json().get("error").asText()).isEqualTo("request headers too large");
    assertSecurityHeaders(reply);
    assertThat(reply.header("Server")).isNull();
  }

  @Test
  void theAccessLogHasMethodPathStatusAndNeverCredentials() {
    client.get("/ok?token=supersecret", "bearer-value-123");
    assertThat(LOGS.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLoggerName()).isEqualTo("dev.metacircular.rest.access");
              assertThat(e.getFormattedMessage()).startsWith("GET /ok 200 ");
            });
    assertThat(LOGS.list)
        .allSatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .doesNotContain("supersecret")
                    .doesNotContain("bearer-value-123"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json; charset=utf-16",
        "application/jsonx",
        ""
      })
  void aJsonBodyOfAnotherMediaTypeIs415(String type) {
    var builder = client.builder("/echo", null).setHeader("Content-Type", type);
    if (type.isEmpty()) {
      builder = java.net.http.HttpRequest.newBuilder(client.uri("/echo"));
    }
    var reply =
        client.send(
            builder.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.body())
        .isEqualTo("{\"error\":\"request body must be sent with Content-Type: application/json\"}");
    var optional =
        client.send(
            client
                .builder("/optional", null)
                .setHeader("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(optional.status()).isEqualTo(415);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\""
      })
  void jsonWithOrWithoutAUtf8CharsetIsAccepted(String type) {
    var reply =
        client.send(
            client
                .builder("/echo", null)
                .setHeader("Content-Type", type)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void aPostWithoutABodyNeedsNoMediaType() {
    var reply =
        client.send(
            java.net.http.HttpRequest.newBuilder(client.uri("/optional"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("present").asBoolean()).isFalse();
  }

  @Test
  void anAbortedBodyIsOneInfoLineAndNeverA500() throws InterruptedException {
    client.abort(
        "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n",
        "{\"name\":\"half".getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (LOGS.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith("POST /echo"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(LOGS.list).noneMatch(e -> e.getThrowableProxy() != null);
    assertThat(LOGS.list)
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
    assertThat(LOGS.list)
        .filteredOn(e -> e.getFormattedMessage().contains("aborted"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel().toString()).isEqualTo("INFO");
              assertThat(e.getFormattedMessage())
                  .startsWith("request body aborted by the client on POST /echo");
            });
    assertThat(LOGS.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("POST /echo"))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("POST /echo 400"));
  }

  static void assertSecurityHeaders(TestClient.Reply reply) {
    assertThat(reply.header("Strict-Transport-Security"))
        .isEqualTo("max-age=31536000; includeSubDomains");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.header("Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("object-src 'none'")
        .contains("frame-ancestors 'none'")
        .contains("base-uri 'none'");
    assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
  }
}
