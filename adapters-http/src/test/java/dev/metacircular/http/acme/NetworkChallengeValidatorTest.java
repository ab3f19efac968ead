package dev.metacircular.http.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ChallengeType;
import dev.metacircular.ports.acme.ValidationTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP-01 against local servers: the key authorization is accepted, anything else is recorded as
 * the right problem, and the validator connects to nothing but the name on the configured port — a
 * redirect to another port or another host fails the challenge without a connection there.
 */
class NetworkChallengeValidatorTest {
  static final String TOKEN = "tok_123-abc";
  static final String KEY_AUTHORIZATION = TOKEN + ".thumbprint";

  final NetworkChallengeValidator validator = new NetworkChallengeValidator();
  HttpServer challenge;
  HttpServer elsewhere;
  final AtomicInteger elsewhereHits = new AtomicInteger();
  volatile Responder responder;

  @FunctionalInterface
  interface Responder {
    void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
  }

  @BeforeEach
  void start() throws IOException {
    challenge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    challenge.createContext("/", exchange -> responder.answer(exchange));
    challenge.start();
    elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    elsewhere.createContext(
        "/",
        exchange -> {
          elsewhereHits.incrementAndGet();
          reply(exchange, 200, KEY_AUTHORIZATION);
        });
    elsewhere.start();
  }

  @AfterEach
  void stop() {
    challenge.stop(0);
    elsewhere.stop(0);
  }

  static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location)
      throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  Optional<AcmeProblem> validate(String name, int port) {
    return validator.validate(
        new ValidationTarget(ChallengeType.HTTP_01, name, TOKEN, KEY_AUTHORIZATION, port, 443, ""));
  }

  int port() {
    return challenge.getAddress().getPort();
  }

  @Test
  void theKeyAuthorizationAtTheWellKnownPathPasses() {
    AtomicInteger hits = new AtomicInteger();
    responder =
        exchange -> {
          hits.incrementAndGet();
          assertThat(exchange.getRequestURI().getPath())
              .isEqualTo("/.well-known/acme-challenge/" + TOKEN);
          assertThat(exchange.getRequestHeaders().getFirst("Host"))
              .isEqualTo("localhost:" + port());
          reply(exchange, 200, KEY_AUTHORIZATION + "\n");
        };
    assertThat(validate("localhost", port())).isEmpty();
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void aWrongBodyOrStatusFailsWithTheMatchingProblem() {
    responder = exchange -> reply(exchange, 200, "something else");
    assertThat(validate("localhost", port()).orElseThrow().type())
        .isEqualTo(AcmeProblemType.INCORRECT_RESPONSE);
    responder = exchange -> reply(exchange, 404, "");
    AcmeProblem notFound = validate("localhost", port()).orElseThrow();
    assertThat(notFound.type()).isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(notFound.detail()).contains("404");
  }

  @Test
  void aBodyOverTheLimitFails() {
    responder = exchange -> reply(exchange, 200, "x".repeat(HttpChallenge.MAX_BODY + 1));
    AcmeProblem problem = validate("localhost", port()).orElseThrow();
    assertThat(problem.type()).isEqualTo(AcmeProblemType.CONNECTION);
    assertThat(problem.detail()).contains("larger than");
  }

  @Test
  void aRedirectToAnotherPortIsNotFollowed() {
    responder =
        exchange ->
            redirect(
                exchange,
                "http://localhost:"
                    + elsewhere.getAddress().getPort()
                    + "/.well-known/acme-challenge/"
                    + TOKEN);
    AcmeProblem problem = validate("localhost", port()).orElseThrow();
    assertThat(problem.type()).isEqualTo(AcmeProblemType.CONNECTION);
    assertThat(problem.detail()).contains("refused to follow a redirect");
    assertThat(elsewhereHits.get()).isZero();
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() {
    responder = exchange -> redirect(exchange, "http://127.0.0.1:" + port() + "/elsewhere");
    assertThat(validate("localhost", port()).orElseThrow().detail())
        .contains("refused to follow a redirect");
    responder = exchange -> redirect(exchange, "ftp://localhost/x");
    assertThat(validate("localhost", port())).isPresent();
  }

  @Test
  void aRedirectToTheSameNameAndPortIsFollowedABoundedNumberOfTimes() {
    responder =
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/moved")) {
            reply(exchange, 200, KEY_AUTHORIZATION);
          } else {
            redirect(exchange, "/moved");
          }
        };
    assertThat(validate("localhost", port())).isEmpty();
    responder = exchange -> redirect(exchange, "/again");
    assertThat(validate("localhost", port()).orElseThrow().detail()).contains("too many redirects");
  }

  @Test
  void aClosedPortIsAConnectionProblem() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThat(validate("localhost", closed).orElseThrow().type())
        .isEqualTo(AcmeProblemType.CONNECTION);
  }

  @Test
  void dnsAndTlsAlpnFailCleanlyWhenNothingAnswers() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    AcmeProblem alpn =
        validator
            .validate(
                new ValidationTarget(
                    ChallengeType.TLS_ALPN_01,
                    "localhost",
                    TOKEN,
                    KEY_AUTHORIZATION,
                    80,
                    closed,
                    ""))
            .orElseThrow();
    assertThat(alpn.type()).isEqualTo(AcmeProblemType.TLS);
    assertThat(KeyAuthorizations.digest("a.b")).matches("[A-Za-z0-9_-]{43}");
  }
}
