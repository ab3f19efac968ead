package dev.metacircular.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** An HTTPS client for the test server; remembers every response body it saw. */
final class TestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a test got back. */
  record Reply(int status, Map<String, List<String>> headers, String body, String tlsProtocol) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final int port;
  private final HttpClient http;

  TestClient(int port) {
    this(port, null);
  }

  /** A client that offers only the given TLS protocols (all enabled ones when null). */
  TestClient(int port, String[] protocols) {
    this.port = port;
    SSLParameters parameters = new SSLParameters();
    if (protocols != null) {
      parameters.setProtocols(protocols);
    }
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(TestTls.clientContext())
            .sslParameters(parameters)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  Reply get(String path, String token) {
    return send(builder(path, token).GET());
  }

  Reply post(String path, String token, String body) {
    return send(builder(path, token).POST(publisher(body)));
  }

  Reply put(String path, String token, String body) {
    return send(builder(path, token).PUT(publisher(body)));
  }

  Reply patch(String path, String token, String body) {
    return send(builder(path, token).method("PATCH", publisher(body)));
  }

  Reply delete(String path, String token) {
    return send(builder(path, token).DELETE());
  }

  Reply postBytes(String path, String token, byte[] body) {
    return send(builder(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A body of unknown length: sent chunked, with no Content-Length. */
  Reply postChunked(String path, String token, byte[] body) {
    return send(
        builder(path, token)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body))));
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      bodies.add(response.body());
      String protocol = response.sslSession().map(s -> s.getProtocol()).orElse(null);
      return new Reply(response.statusCode(), response.headers().map(), response.body(), protocol);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher publisher(String body) {
    return body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code head} (request line and headers, CRLF-terminated, without the blank line) and
   * {@code body} over a raw TLS socket, for requests HttpClient refuses to make (a lying
   * Content-Length). Reads until the server closes.
   */
  Reply raw(String head, byte[] body) {
    try (SSLSocket socket =
        (SSLSocket) TestTls.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException serverStoppedReading) {
        // The server may answer and close before taking the whole body; read what it said.
      }
      return parse(readAll(socket.getInputStream()), socket.getSession().getProtocol());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code head} (request line and headers, CRLF-terminated, without the blank line) and
   * only {@code partialBody} of the body it announced, then closes the connection: a client that
   * gave up mid-upload.
   */
  void abort(String head, byte[] partialBody) {
    try (SSLSocket socket =
        (SSLSocket) TestTls.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(partialBody);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (IOException closedAfterAnswer) {
      // A reset after the response (unread request body) still leaves the response readable.
    }
    return all.toByteArray();
  }

  private Reply parse(byte[] response, String protocol) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    String body = new String(response, end + 4, response.length - end - 4, StandardCharsets.UTF_8);
    if ("chunked".equalsIgnoreCase(String.valueOf(headersFirst(headers, "transfer-encoding")))) {
      body = dechunk(body);
    }
    bodies.add(body);
    return new Reply(status, headers, body, protocol);
  }

  private static String headersFirst(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
