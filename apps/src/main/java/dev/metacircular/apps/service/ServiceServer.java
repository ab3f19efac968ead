package dev.metacircular.apps.service;

import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A service serving its doors: its core over its storage, the steps before listening, then its
 * HTTPS listener (REST and web pages on one port) and, when configured, its gRPC listener. Each
 * service names its own ({@code IdentityServer}, {@code CryptoServer}) and composes its modules in
 * one place. Closing stops the doors first (no new requests), then closes the core and storage.
 */
public class ServiceServer<C> extends LocalService<C> {
  private final Logger log = LoggerFactory.getLogger(getClass());
  private boolean closed;

  protected ServiceServer(Opened<C> opened) {
    super(opened);
  }

  /** Opens the core, runs the steps before listening, then opens the doors, as composed. */
  protected static <C> Opened<C> serve(Class<C> coreType, List<Module> modules) {
    return Opened.serving(coreType, modules);
  }

  /** Logs that the service listens, with its addresses and the service's own {@code facts}. */
  protected final void logListening(Map<String, Object> facts) {
    LoggingEventBuilder line =
        log.atInfo().addKeyValue("addr", address()).addKeyValue("grpc_addr", grpcAddress());
    facts.forEach(line::addKeyValue);
    line.log("listening");
  }

  /** The HTTPS port actually bound (useful when the configuration asked for port 0). */
  public int port() {
    return listener(Listener.Kind.HTTPS)
        .orElseThrow(() -> new IllegalStateException("no HTTPS door"))
        .address()
        .port();
  }

  /** {@code host:port} of the HTTPS listener as bound. */
  public String address() {
    return listener(Listener.Kind.HTTPS).map(l -> l.address().toString()).orElse(null);
  }

  /** The HTTPS routes served ({@code "METHOD /path"}), the web pages' included. */
  public List<String> restRoutes() {
    return listener(Listener.Kind.HTTPS).map(Listener::routes).orElse(List.of());
  }

  /** The gRPC port actually bound, or -1 when no gRPC door is configured. */
  public int grpcPort() {
    return listener(Listener.Kind.GRPC).map(l -> l.address().port()).orElse(-1);
  }

  /** {@code host:port} of the gRPC listener as bound, or null when none is configured. */
  public String grpcAddress() {
    return listener(Listener.Kind.GRPC).map(l -> l.address().toString()).orElse(null);
  }

  /** The metrics listener's port ({@code [metrics] listen_addr}), or -1 when there is none. */
  public int metricsPort() {
    return listener(Listener.Kind.METRICS).map(l -> l.address().port()).orElse(-1);
  }

  private Optional<Listener> listener(Listener.Kind kind) {
    return listeners().stream().filter(l -> l.kind() == kind).findFirst();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      super.close();
    } finally {
      log.info("stopped");
    }
  }
}
