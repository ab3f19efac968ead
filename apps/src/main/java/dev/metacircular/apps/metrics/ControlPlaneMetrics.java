package dev.metacircular.apps.metrics;

import dev.metacircular.apps.config.MetricsConfig;
import dev.metacircular.domain.telemetry.AuditedTelemetry;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.metrics.MetricsListener;
import dev.metacircular.metrics.ServiceMetrics;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.sqlite.SqliteServiceFile;
import java.util.Objects;

/**
 * The metrics of a control-plane server (the agent, the master), which are composed by hand rather
 * than with Guice: their gRPC calls, container repairs and flaps (reported where the core audits
 * them), refused writes, the JVM and process, served without a token on the loopback {@code
 * [metrics] listen_addr} listener (they have no HTTPS listener to carry {@code GET /metrics}).
 */
public final class ControlPlaneMetrics implements AutoCloseable {
  private final ServiceMetrics metrics;
  private final MetricsListener listener; // null without [metrics] listen_addr

  private ControlPlaneMetrics(ServiceMetrics metrics, MetricsListener listener) {
    this.metrics = metrics;
    this.listener = listener;
  }

  /** Starts the metrics of {@code service} ({@code mcp-agent}, {@code mcp-master}). */
  public static ControlPlaneMetrics start(String service, MetricsConfig config) {
    Objects.requireNonNull(config, "config");
    ServiceMetrics metrics = ServiceMetrics.create(service);
    try {
      MetricsListener listener =
          config.listen() == null
              ? null
              : metrics.listen(config.listen().host(), config.listen().port());
      return new ControlPlaneMetrics(metrics, listener);
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  /** {@code log}, reporting the events it records (repairs, flaps) to the metrics. */
  public AuditLog reporting(AuditLog log) {
    return AuditedTelemetry.wrap(log, metrics.telemetry());
  }

  /** {@code settings} with the metrics watching every gRPC call. */
  public GrpcSettings observing(GrpcSettings settings) {
    return settings.withObserver(metrics.grpcInterceptor());
  }

  /** Counts the writes {@code storage} refuses (storage full, read-only). */
  public void countRefusals(SqliteServiceFile storage) {
    storage.reportRefusalsTo(metrics.telemetry());
  }

  /** The metrics listener's port, or -1 without one. */
  public int port() {
    return listener == null ? -1 : listener.port();
  }

  /** Everything, in Prometheus's text format. */
  public String scrape() {
    return metrics.scrape();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    metrics.close();
  }
}
