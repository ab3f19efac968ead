package dev.metacircular.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The metrics on a listener of their own: plain HTTP, no token, {@code GET /metrics} only (anything
 * else 404, any other method 405). The JDK's small HTTP server: one thread, since Prometheus
 * scrapes one request at a time. It is meant for loopback (a local Prometheus or agent); the
 * configuration refuses any other address unless the operator says so explicitly.
 */
public final class MetricsListener implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService thread;

  private MetricsListener(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  static MetricsListener start(String host, int port, Supplier<String> scrape) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("metrics listener cannot listen on " + host + ":" + port, e);
    }
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-listener");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(thread);
    server.createContext("/", exchange -> answer(exchange, scrape));
    server.start();
    return new MetricsListener(server, thread);
  }

  private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
      } else {
        send(exchange, 200, ScrapeRoute.CONTENT_TYPE, scrape.get());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
