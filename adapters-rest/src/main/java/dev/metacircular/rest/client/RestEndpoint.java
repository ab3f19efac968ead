package dev.metacircular.rest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.error.DomainException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLHandshakeException;

/**
 * One service's REST API as a client calls it, over the module's one {@link HttpsClient} stack,
 * with JSON bodies. A refusal becomes the {@code DomainException} of its status code carrying the
 * service's {@code error} message, so a caller prints what the service said; transport failures are
 * {@link Unreachable}.
 */
public final class RestEndpoint {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(3);

  /** Answers larger than this are not an API answer (an audit page is far smaller). */
  private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

  private final URI base;
  private final HttpsClient http;
  private final BearerToken token;

  private RestEndpoint(URI base, HttpsClient http, BearerToken token) {
    this.base = base;
    this.http = http;
    this.token = token;
  }

  /**
   * @param base the service's base URL, {@code https://host[:port]}
   * @param caCert PEM file with the CA certificate(s) to trust, or null for the JDK's trust store
   * @param token the session token of this client (one per service: each accepts only tokens of its
   *     own audience)
   */
  public static RestEndpoint of(URI base, Path caCert, BearerToken token) {
    if (base == null || !"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "the address must be an https:// URL with a host, got " + base);
    }
    String text = base.toString();
    URI normalized = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    return new RestEndpoint(normalized, new HttpsClient(caCert, CONNECT_TIMEOUT), token);
  }

  public URI base() {
    return base;
  }

  BearerToken token() {
    return token;
  }

  /** A GET without a token. */
  JsonNode getPublic(String path) {
    return send("GET", path, null, false, REQUEST_TIMEOUT);
  }

  /** A GET without a token and with a short timeout (the prompt's state). */
  JsonNode getPublicQuickly(String path) {
    return send("GET", path, null, false, QUICK_TIMEOUT);
  }

  JsonNode get(String path) {
    return send("GET", path, null, true, REQUEST_TIMEOUT);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null, true, REQUEST_TIMEOUT);
  }

  /** POST with the token; {@code body} may be null. */
  JsonNode post(String path, Object body) {
    return send("POST", path, body, true, REQUEST_TIMEOUT);
  }

  JsonNode postPublic(String path, Object body) {
    return send("POST", path, body, false, REQUEST_TIMEOUT);
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, body, true, REQUEST_TIMEOUT);
  }

  JsonNode patch(String path, Object body) {
    return send("PATCH", path, body, true, REQUEST_TIMEOUT);
  }

  /** A path segment (an id, a name) escaped for the URL. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code ?a=1&b=2} from the non-null entries, or empty. */
  static String query(Map<String, Object> params) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    params.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  private JsonNode send(
      String method, String path, Object body, boolean authenticated, Duration timeout) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "application/json");
    if (authenticated) {
      b.header("Authorization", "Bearer " + token.require());
    }
    byte[] bytes = null;
    HttpResponse<byte[]> response;
    try {
      if (body != null) {
        // Bodies may carry passwords (char[] serialises as a JSON string): the bytes are wiped
        // once sent.
        bytes = JSON.writeValueAsBytes(body);
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      response = http.exchange(b.build(), timeout, MAX_ANSWER_BYTES);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON");
    } catch (HttpsClient.Failure e) {
      throw unreachable(e);
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    try {
      return answer(uri, response);
    } finally {
      // Answers may carry tokens or plaintexts: the raw bytes do not outlive the parse.
      Arrays.fill(response.body(), (byte) 0);
    }
  }

  private Unreachable unreachable(HttpsClient.Failure failure) {
    Throwable cause = failure.getCause();
    if (failure.timedOut()) {
      return new Unreachable(base + " did not answer in time");
    }
    if (cause instanceof SSLHandshakeException) {
      return new Unreachable(
          "TLS handshake with " + base + " failed (wrong --ca-cert, or not a TLS server?)");
    }
    if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
      return new Unreachable(
          "cannot reach " + base + " (" + cause.getClass().getSimpleName() + ")");
    }
    if (cause == null) {
      return new Unreachable(failure.getMessage());
    }
    return new Unreachable("cannot reach " + base + ": " + cause.getMessage());
  }

  private static JsonNode answer(URI uri, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json = blank(response.body()) ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new Unreachable(uri.getPath() + " answered HTTP " + status + " without JSON");
    }
    if (status >= 200 && status < 300) {
      return json;
    }
    String message = json.path("error").asText("");
    if (message.isEmpty()) {
      message = "HTTP " + status;
    }
    switch (status) {
      case 400:
      case 413:
        throw new DomainException.InvalidInput(message);
      case 401:
        throw new DomainException.Unauthenticated(message);
      case 403:
        throw new DomainException.Forbidden(message);
      case 404:
        throw new DomainException.NotFound(message);
      case 409:
        throw new DomainException.Conflict(message);
      case 412:
        throw new DomainException.PreconditionFailed(message);
      case 429:
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        throw new DomainException.TooManyRequests(
            message + " (retry in " + seconds + " s)", Duration.ofSeconds(seconds));
      case 503:
        throw new DomainException.Unavailable(message);
      default:
        throw new Unreachable(uri.getPath() + " answered HTTP " + status + ": " + message);
    }
  }

  private static boolean blank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }
}
