package dev.metacircular.metrics;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.telemetry.out.Telemetry;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One server's metrics, in Prometheus's text format: the core's reports ({@link #telemetry()}), its
 * HTTPS and gRPC requests, and the JVM and process (memory, GC, threads, classes, CPU, uptime, open
 * file descriptors). Every meter carries the label {@code server} with the server's name (not
 * {@code service}: the gRPC meters use that one for the gRPC service's name).
 *
 * <p>Served either on the service's HTTPS listener ({@link #httpsRoutes}, {@code GET /metrics}
 * behind an {@code admin} or {@code metrics} token) or without a token on a listener of its own
 * ({@link #listen}, loopback only unless the operator says otherwise).
 */
public final class ServiceMetrics implements AutoCloseable {

  /** How the HTTPS door turns a bearer token and the client address into a caller. */
  @FunctionalInterface
  public interface Authenticator {
    /** The caller; a {@code DomainException.Unauthenticated} for a missing or bad token. */
    Caller authenticate(String bearerToken, String sourceAddress);
  }

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final Telemetry telemetry;

  private ServiceMetrics(String service) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("server", service);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    this.telemetry = new MeteredTelemetry(registry);
  }

  /**
   * Metrics for the server named {@code service} ({@code mcias}, {@code metacrypt}, {@code
   * mcp-agent}, {@code mcp-master}: the {@code server} label).
   */
  public static ServiceMetrics create(String service) {
    Objects.requireNonNull(service, "service");
    return new ServiceMetrics(service);
  }

  /** Where the core reports its domain events. */
  public Telemetry telemetry() {
    return telemetry;
  }

  /** Everything, in Prometheus's text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * The HTTPS listener's part: every request timed by route template, method and status, and {@code
   * GET /metrics} for a caller with the {@code admin} or {@code metrics} role.
   */
  public Consumer<JavalinConfig> httpsRoutes(Authenticator authenticator) {
    Objects.requireNonNull(authenticator, "authenticator");
    ScrapeRoute route = new ScrapeRoute(authenticator, this::scrape);
    RestRequestMetrics requests = new RestRequestMetrics(registry);
    return config -> {
      requests.install(config);
      config.routes.get("/metrics", route::handle);
    };
  }

  /**
   * A gRPC door's part: every call counted and timed by service, method and status code ({@code
   * grpc_server_processing_duration_seconds}, a histogram); the method names are the door's own, a
   * fixed set.
   */
  public ServerInterceptor grpcInterceptor() {
    return new MetricCollectingServerInterceptor(
        registry, counter -> counter, timer -> timer.publishPercentileHistogram(), Status.Code.OK);
  }

  /**
   * Serves the metrics without a token, in plain HTTP, at {@code GET /metrics} on {@code host:port}
   * (port 0: any free one).
   */
  public MetricsListener listen(String host, int port) {
    return MetricsListener.start(host, port, this::scrape);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
