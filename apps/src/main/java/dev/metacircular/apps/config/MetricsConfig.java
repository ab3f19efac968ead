package dev.metacircular.apps.config;

import java.util.List;
import java.util.Set;

/**
 * A server's {@code [metrics]} section: where its metrics listener listens, if anywhere. The
 * listener is plain HTTP without a token, so it may only bind a loopback address (a host-less
 * {@code :9100} means {@code 127.0.0.1:9100}); a Prometheus elsewhere scrapes {@code GET /metrics}
 * on the HTTPS listener with a {@code metrics} token instead. Gated like the other keys: {@code
 * MCIAS_METRICS_LISTEN_ADDR} and its siblings override it.
 *
 * @param listen the metrics listener's address, or null when the server has none
 */
public record MetricsConfig(ListenAddress listen) {

  /** No separate metrics listener (the HTTPS listener's {@code GET /metrics} still answers). */
  public static final MetricsConfig NONE = new MetricsConfig(null);

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");

  public MetricsConfig {
    if (listen != null && !isLoopback(listen.host())) {
      throw new IllegalArgumentException("metrics listener must be on loopback");
    }
  }

  /** The section as written in the TOML file. */
  public record File(String listenAddr) {}

  /** Reads {@code raw}, adding what is wrong to {@code problems} (and answering NONE then). */
  public static MetricsConfig read(File raw, List<String> problems) {
    if (raw == null || TomlConfigReader.isBlank(raw.listenAddr())) {
      return NONE;
    }
    String text = raw.listenAddr().trim();
    ListenAddress address;
    try {
      address = ListenAddress.parse(text.startsWith(":") ? "127.0.0.1" + text : text);
    } catch (IllegalArgumentException e) {
      problems.add(
          "metrics.listen_addr must be host:port, got \""
              + TomlConfigReader.shorten(text)
              + "\" ("
              + e.getMessage()
              + ")");
      return NONE;
    }
    if (!isLoopback(address.host())) {
      problems.add(
          "metrics.listen_addr must be a loopback address (127.0.0.1, [::1] or localhost): the"
              + " metrics listener is plain HTTP without a token; scrape GET /metrics on the HTTPS"
              + " listener with a metrics-role token from other hosts");
      return NONE;
    }
    return new MetricsConfig(address);
  }

  private static boolean isLoopback(String host) {
    return LOOPBACK.contains(host) || host.startsWith("127.");
  }
}
