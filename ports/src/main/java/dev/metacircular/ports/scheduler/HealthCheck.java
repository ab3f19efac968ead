package dev.metacircular.ports.scheduler;

import java.util.Objects;

/** How boot sequencing decides a service is up: a TCP connect, or an HTTP GET answering 2xx/3xx. */
public sealed interface HealthCheck {

  String host();

  int port();

  /** What the check is, for a report ("tcp 10.0.0.2:10001"). */
  String describe();

  /** A TCP connect to {@code host:port} succeeds. */
  record Tcp(String host, int port) implements HealthCheck {
    public Tcp {
      Objects.requireNonNull(host, "host");
    }

    @Override
    public String describe() {
      return "tcp " + host + ":" + port;
    }
  }

  /** An HTTP GET of {@code path} on {@code host:port} answers below 400. */
  record Http(String host, int port, String path) implements HealthCheck {
    public Http {
      Objects.requireNonNull(host, "host");
      path = path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String describe() {
      return "http GET " + host + ":" + port + path;
    }
  }
}
