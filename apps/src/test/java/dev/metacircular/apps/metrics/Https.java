package dev.metacircular.apps.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A small HTTP(S) client for the metrics tests, trusting the test servers' certificate. */
final class Https {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response with its body. */
  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final HttpClient http;

  Https(Path caCert) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsCertificates.trustStoreFromPem(caCert));
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  Reply get(String url, String token) {
    return send(url, "GET", token, null);
  }

  Reply post(String url, String token, Object body) {
    try {
      return send(url, "POST", token, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs in at {@code base} and answers the token (failing the test on a refusal). */
  String login(String base, String username, String password) {
    Reply r =
        post(
            base + "/v1/auth/login",
            null,
            java.util.Map.of("username", username, "password", password));
    if (r.status() != 200) {
      throw new AssertionError("login of " + username + ": " + r.status() + " " + r.body());
    }
    return r.json().get("token").asText();
  }

  Reply send(String url, String method, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
