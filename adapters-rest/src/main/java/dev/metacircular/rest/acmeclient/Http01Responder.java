package dev.metacircular.rest.acmeclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The HTTP-01 responder (RFC 8555 §8.3): a plain HTTP listener open only while one order is being
 * validated, answering {@code GET /.well-known/acme-challenge/<token>} with the key authorization
 * for the tokens of that order and 404 for anything else (other paths, other tokens, other
 * methods). Closing it frees the port.
 */
final class Http01Responder implements AutoCloseable {
  static final String PREFIX = "/.well-known/acme-challenge/";

  /** RFC 8555 §8.1: a token is base64url; anything else is not put in a path. */
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final HttpServer server;
  private final ExecutorService threads;

  private Http01Responder(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Listens on {@code address} and answers for {@code keyAuthorizations} (token to answer). */
  static Http01Responder open(InetSocketAddress address, Map<String, String> keyAuthorizations) {
    Map<String, String> answers = Map.copyOf(keyAuthorizations);
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the HTTP-01 responder on " + shown(address) + " (" + e.getMessage() + ")",
          e);
    }
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "acme-http01");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", exchange -> answer(exchange, answers));
    server.start();
    return new Http01Responder(server, threads);
  }

  /** {@code host:port} as a config would write it; {@code :port} for every interface. */
  static String shown(InetSocketAddress address) {
    if (address.getAddress() == null) {
      return address.getHostString() + ":" + address.getPort();
    }
    if (address.getAddress().isAnyLocalAddress()) {
      return ":" + address.getPort();
    }
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** The port it listens on (the one asked for, or the one given for port 0). */
  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, Map<String, String> answers)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      String answer = null;
      if (("GET".equals(method) || "HEAD".equals(method))
          && path != null
          && path.startsWith(PREFIX)
          && exchange.getRequestURI().getRawQuery() == null) {
        answer = answers.get(path.substring(PREFIX.length()));
      }
      if (answer == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      if ("HEAD".equals(method)) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
