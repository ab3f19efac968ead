package dev.metacircular.apps.service;

import dev.metacircular.apps.config.ListenAddress;
import java.util.List;
import java.util.Objects;

/**
 * A door's socket once it listens.
 *
 * @param kind what it speaks
 * @param address the configured host with the port actually bound
 * @param routes the HTTPS routes served ({@code "METHOD /path"}); empty for gRPC
 * @param server what stops it
 */
public record Listener(Kind kind, ListenAddress address, List<String> routes, AutoCloseable server)
    implements AutoCloseable {

  /**
   * The kinds of listener a service has: HTTPS (REST and web pages share it), gRPC, and the plain
   * HTTP loopback metrics listener ({@code [metrics] listen_addr}).
   */
  public enum Kind {
    HTTPS,
    GRPC,
    METRICS
  }

  public Listener {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(address, "address");
    routes = List.copyOf(routes);
    Objects.requireNonNull(server, "server");
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
