package dev.metacircular.rest.acmeclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.rest.client.HttpsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * One conversation with an ACME server on behalf of one account key: GETs of the directory, and
 * POSTs signed as RFC 8555 §6.2 asks (flattened JWS, ES256, the {@code nonce} and {@code url}
 * headers, {@code jwk} until the account is known and {@code kid} after). Every answer's {@code
 * Replay-Nonce} is kept for the next request; a {@code badNonce} refusal is retried (up to three
 * times) with the nonce it carries (§6.5). A problem document becomes an {@link AcmeServerProblem};
 * a server that cannot be reached or answers something that is not ACME, {@link Unreachable}.
 */
final class AcmeSession {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String JOSE = "application/jose+json";
  static final String PEM_CHAIN = "application/pem-certificate-chain";

  /** How many times one request is sent again after a {@code badNonce} refusal. */
  static final int NONCE_RETRIES = 3;

  private static final Duration EXCHANGE = Duration.ofSeconds(30);

  /** An ACME answer is small; a certificate chain far below this. */
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private final HttpsClient http;
  private final KeyPair accountKey;
  private final PublicJsonWebKey jwk;
  private URI newNonce;
  private String nonce;
  private URI kid;

  AcmeSession(HttpsClient http, KeyPair accountKey) {
    this.http = http;
    this.accountKey = accountKey;
    try {
      this.jwk = PublicJsonWebKey.Factory.newPublicJwk(accountKey.getPublic());
    } catch (JoseException e) {
      throw new IllegalStateException("the account key is not a JWK", e);
    }
  }

  /** An answer: its status, headers and body. */
  record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    JsonNode json() {
      try {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new Unreachable("the ACME server answered HTTP " + status + " without JSON");
      }
    }

    URI location(String step) {
      return header("Location")
          .map(URI::create)
          .orElseThrow(() -> new Unreachable("the ACME server's " + step + " answer has no URL"));
    }

    /**
     * The wait the server asks for ({@code Retry-After}: seconds or an HTTP date), else {@code
     * otherwise}.
     */
    Duration retryAfter(Duration otherwise, Instant now) {
      Optional<String> value = header("Retry-After");
      if (value.isEmpty()) {
        return otherwise;
      }
      String text = value.get().trim();
      try {
        return Duration.ofSeconds(Long.parseLong(text));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Duration.between(now, at);
        } catch (DateTimeParseException notADate) {
          return otherwise;
        }
      }
    }
  }

  /** The account key's JWK thumbprint (RFC 7638), the second half of a key authorization. */
  String thumbprint() {
    return jwk.calculateBase64urlEncodedThumbprint("SHA-256");
  }

  /** The account key as a public JWK: the payload of an external account binding. */
  PublicJsonWebKey jwk() {
    return jwk;
  }

  void newNonceUrl(URI url) {
    this.newNonce = url;
  }

  /** From now on requests are signed with {@code kid}: the account's URL. */
  void account(URI accountUrl) {
    this.kid = accountUrl;
  }

  URI accountUrl() {
    return kid;
  }

  /** A plain GET (the directory). */
  Answer get(URI url, String step) {
    Answer answer =
        exchange(HttpRequest.newBuilder(url).GET().header("Accept", "application/json"));
    return refusedOrAnswer(answer, step);
  }

  /** A POST with {@code payload}, signed with the account's {@code kid}. */
  Answer post(URI url, JsonNode payload, String step) {
    return signed(url, payload.toString(), false, step, "application/json");
  }

  /** A POST-as-GET (§6.3): an empty payload, signed with {@code kid}. */
  Answer postAsGet(URI url, String step, String accept) {
    return signed(url, "", false, step, accept);
  }

  /** A POST signed with the {@code jwk} header: newAccount only. */
  Answer postWithJwk(URI url, JsonNode payload, String step) {
    return signed(url, payload.toString(), true, step, "application/json");
  }

  private Answer signed(URI url, String payload, boolean withJwk, String step, String accept) {
    Answer answer = send(url, payload, withJwk, accept);
    // §6.5: the refusal carries a fresh nonce; retry with it. More than once, bounded: a server may
    // refuse nonces at random (pebble does, 5 % of them by default, as a client test), and a run
    // of a dozen requests polled for seconds meets two refusals in a row now and then.
    for (int retry = 0; retry < NONCE_RETRIES && badNonce(answer); retry++) {
      answer = send(url, payload, withJwk, accept);
    }
    return refusedOrAnswer(answer, step);
  }

  private Answer send(URI url, String payload, boolean withJwk, String accept) {
    if (nonce == null) {
      fetchNonce();
    }
    String body = flattened(url, payload, withJwk, takeNonce());
    return exchange(
        HttpRequest.newBuilder(url)
            .header("Content-Type", JOSE)
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII)));
  }

  private String takeNonce() {
    String n = nonce;
    nonce = null;
    return n;
  }

  /** Puts a nonce in place of the one held: what the tests use to provoke {@code badNonce}. */
  void useNonce(String value) {
    this.nonce = value;
  }

  private void fetchNonce() {
    if (newNonce == null) {
      throw new IllegalStateException("no newNonce URL: read the directory first");
    }
    exchange(HttpRequest.newBuilder(newNonce).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (nonce == null) {
      throw new Unreachable("the ACME server's newNonce gave no Replay-Nonce");
    }
  }

  private String flattened(URI url, String payload, boolean withJwk, String requestNonce) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    jws.setKey(accountKey.getPrivate());
    if (withJwk || kid == null) {
      jws.setJwkHeader(jwk);
    } else {
      jws.setKeyIdHeaderValue(kid.toString());
    }
    jws.getHeaders().setStringHeaderValue("nonce", requestNonce);
    jws.getHeaders().setStringHeaderValue("url", url.toString());
    jws.setPayload(payload);
    return flattened(jws);
  }

  /** A JWS in the flattened JSON serialization RFC 8555 §6.2 requires. */
  static String flattened(JsonWebSignature jws) {
    String[] parts;
    try {
      parts = jws.getCompactSerialization().split("\\.", -1);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign an ACME request", e);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("protected", parts[0]);
    body.put("payload", parts[1]);
    body.put("signature", parts[2]);
    return body.toString();
  }

  private Answer exchange(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    URI uri = request.build().uri();
    try {
      response = http.exchange(request.build(), EXCHANGE, MAX_ANSWER_BYTES);
    } catch (HttpsClient.Failure e) {
      if (e.timedOut()) {
        throw new Unreachable("the ACME server " + origin(uri) + " did not answer in time");
      }
      Throwable cause = e.getCause();
      throw new Unreachable(
          "cannot reach the ACME server "
              + origin(uri)
              + " ("
              + (cause == null ? e.getMessage() : cause.getClass().getSimpleName())
              + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")");
    }
    response.headers().firstValue("Replay-Nonce").ifPresent(n -> nonce = n);
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  private static boolean badNonce(Answer answer) {
    return answer.status() == 400 && problem(answer).map(p -> p.is("badNonce")).orElse(false);
  }

  private static Answer refusedOrAnswer(Answer answer, String step) {
    if (answer.status() >= 200 && answer.status() < 300) {
      return answer;
    }
    throw problem(answer)
        .<RuntimeException>map(p -> p.withStep(step))
        .orElseGet(
            () ->
                new Unreachable(
                    "the ACME server answered " + step + " with HTTP " + answer.status()));
  }

  /** A problem document's type and detail, when the answer is one. */
  private static Optional<Problem> problem(Answer answer) {
    String type = answer.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/problem+json")) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = JSON.readTree(answer.body());
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(json.path("type").asText("about:blank"), json.path("detail").asText("")));
  }

  /** A problem document's parts, before the step that drew it is known. */
  record Problem(String type, String detail) {
    boolean is(String name) {
      return (AcmeServerProblem.ACME_ERRORS + name).equals(type);
    }

    AcmeServerProblem withStep(String step) {
      return new AcmeServerProblem(step, type, detail);
    }
  }

  /** An error's {@code {type, detail}} object (an order's or a challenge's) as a refusal. */
  static AcmeServerProblem problemOf(String step, JsonNode error) {
    return new AcmeServerProblem(
        step, error.path("type").asText("about:blank"), error.path("detail").asText(""));
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
