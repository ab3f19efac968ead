package dev.metacircular.apps.shell.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.apps.cli.PinnedTrust;
import dev.metacircular.ports.error.DomainException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * One service's REST API over HTTPS (TLS 1.2 or 1.3, host name verified, only the pinned CA
 * certificate trusted when one is given), with JSON bodies. A refusal becomes the {@code
 * DomainException} of its status code carrying the service's {@code error} message, so the shell
 * prints what the service said; transport failures are {@link Unreachable}.
 */
public final class RestEndpoint {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;
  private final BearerToken token;

  private RestEndpoint(URI base, HttpClient http, BearerToken token) {
    this.base = base;
    this.http = http;
    this.token = token;
  }

  /**
   * @param base the service's base URL, {@code https://host[:port]}
   * @param caCert PEM file with the CA certificate(s) to trust, or null for the JDK's trust store
   * @param token the session token shared by every endpoint of one shell
   */
  public static RestEndpoint of(URI base, Path caCert, BearerToken token) {
    if (base == null || !"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "the address must be an https:// URL with a host, got " + base);
    }
    String text = base.toString();
    URI normalized = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    SSLParameters tls = new SSLParameters();
    tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(PinnedTrust.sslContext(caCert))
            .sslParameters(tls)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new RestEndpoint(normalized, http, token);
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
    return send("GET", path, null, false, Duration.ofSeconds(3));
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
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (authenticated) {
      b.header("Authorization", "Bearer " + token.require());
    }
    byte[] bytes = null;
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
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return answer(uri, response);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON");
    } catch (SSLHandshakeException e) {
      throw new Unreachable(
          "TLS handshake with " + base + " failed (wrong --ca-cert, or not a TLS server?)");
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new Unreachable("cannot reach " + base + " (" + e.getClass().getSimpleName() + ")");
    } catch (HttpTimeoutException e) {
      throw new Unreachable(base + " did not answer in time");
    } catch (IOException e) {
      throw new Unreachable("cannot reach " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted");
    } finally {
      if (bytes != null) {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  private static JsonNode answer(URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode json;
    try {
      json =
          response.body() == null || response.body().isBlank()
              ? JSON.createObjectNode()
              : JSON.readTree(response.body());
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
}
