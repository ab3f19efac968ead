package dev.metacircular.apps.identity;

import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.ServerTls;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.grpc.IdentityGrpcApi;
import dev.metacircular.grpc.IdentityGrpcServer;
import dev.metacircular.rest.IdentityRestApi;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.web.identity.IdentityWebApi;
import dev.metacircular.web.identity.IdentityWebUi;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server: the core over its database, served over TLS by REST and the web UI on one
 * port and, when {@code [server] grpc_addr} is set, by gRPC on the same certificate. Closing stops
 * the servers first (no new requests), then closes the core and the database.
 */
public final class IdentityServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdentityServer.class);

  private final LocalIdentity identity;
  private final IdentityRestServer rest;
  private final ListenAddress listen;
  private final IdentityGrpcServer grpc;
  private final ListenAddress grpcListen;
  private boolean closed;

  private IdentityServer(
      LocalIdentity identity,
      IdentityRestServer rest,
      ListenAddress listen,
      IdentityGrpcServer grpc,
      ListenAddress grpcListen) {
    this.identity = identity;
    this.rest = rest;
    this.listen = listen;
    this.grpc = grpc;
    this.grpcListen = grpcListen;
  }

  /** Starts with the system clock and the configured settings. */
  public static IdentityServer start(McIasConfig config, Map<String, String> env) {
    return start(config, env, Clock.systemUTC(), UnaryOperator.identity());
  }

  /**
   * Opens the database and core, then starts listening. Nothing is left open when any step fails.
   */
  public static IdentityServer start(
      McIasConfig config,
      Map<String, String> env,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning) {
    LocalIdentity identity = LocalIdentity.open(config, env, clock, tuning);
    try {
      Injector rest = identity.injector().createChildInjector(new IdentityRestModule());
      RestSettings restSettings = rest.getInstance(RestSettings.class);
      IdentityRestServer server =
          IdentityRestServer.start(
              rest.getInstance(IdentityRestApi.class),
              restSettings,
              // The web UI (login, profile, admin pages, SSO authorize) on the same port.
              IdentityWebUi.routes(webApi(identity.core()), IdentityWebUi.settings()));
      IdentityGrpcServer grpc;
      try {
        grpc =
            startGrpc(identity.core(), ServerTls.grpcSettings(config.grpcListen(), restSettings));
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
      IdentityServer started =
          new IdentityServer(identity, server, config.listen(), grpc, config.grpcListen());
      log.atInfo()
          .addKeyValue("addr", started.address())
          .addKeyValue("grpc_addr", started.grpcAddress())
          .addKeyValue("issuer", config.issuer())
          .log("listening");
      warnIfTheHeapIsShort(
          identity.core().passwordMemory().keptBytesBound(), Runtime.getRuntime().maxMemory());
      return started;
    } catch (ProvisionException e) {
      identity.close();
      throw cause(e.getErrorMessages(), e);
    } catch (CreationException e) {
      identity.close();
      throw cause(e.getErrorMessages(), e);
    } catch (RuntimeException | Error e) {
      identity.close();
      throw e;
    }
  }

  /** Room the rest of the server needs beside the Argon2 sets (measured: about 200 MiB). */
  static final long HEAP_HEADROOM = 256L << 20;

  /**
   * Warns when the heap bound cannot hold the password hashes' block sets (one per permitted
   * concurrent hash) plus headroom: a login storm would then end in OutOfMemoryError. The {@code
   * mc} launcher sizes the heap from the configuration; this catches a hand-set {@code
   * MC_JAVA_OPTS} or a direct {@code java -jar}.
   */
  static boolean warnIfTheHeapIsShort(long argon2Bytes, long maxHeap) {
    long needed = argon2Bytes + HEAP_HEADROOM;
    if (maxHeap >= needed) {
      return false;
    }
    log.atWarn()
        .addKeyValue("max_heap_mib", maxHeap >> 20)
        .addKeyValue("argon2_mib", argon2Bytes >> 20)
        .addKeyValue("needed_mib", needed >> 20)
        .log(
            "the heap bound is below the concurrent password hashes' Argon2 memory plus headroom;"
                + " raise it, e.g. MC_JAVA_OPTS=-Xmx"
                + (needed >> 20)
                + "m");
    return true;
  }

  private static IdentityWebApi webApi(IdentityCore core) {
    return new IdentityWebApi(
        core.login(),
        core.sessions(),
        core.tokens(),
        core.tokenAdmin(),
        core.accounts(),
        core.profile(),
        core.totp(),
        core.loginPolicy(),
        core.audit(),
        core.sso(),
        core.passkeys(),
        core.recoveryCodes());
  }

  private static IdentityGrpcServer startGrpc(IdentityCore core, GrpcSettings settings) {
    if (settings == null) {
      return null;
    }
    return IdentityGrpcServer.start(
        new IdentityGrpcApi(
            core.login(),
            core.sessions(),
            core.tokens(),
            core.tokenAdmin(),
            core.accounts(),
            core.totp(),
            core.loginPolicy(),
            core.audit(),
            core.recoveryCodes()),
        settings);
  }

  /** The gRPC port actually bound, or -1 when no gRPC server is configured. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** {@code host:port} of the gRPC server as bound, or null when none is configured. */
  public String grpcAddress() {
    return grpc == null ? null : grpcListen.withPort(grpc.port()).toString();
  }

  /** The HTTPS routes served ({@code "METHOD /path"}), the web UI's included. */
  public List<String> restRoutes() {
    return rest.routes();
  }

  /** The port actually bound (useful when the configuration asked for port 0). */
  public int port() {
    return rest.port();
  }

  /** {@code host:port} as bound. */
  public String address() {
    return listen.withPort(port()).toString();
  }

  public IdentityCore core() {
    return identity.core();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (grpc != null) {
        grpc.close();
      }
    } finally {
      closeRestAndCore();
    }
  }

  private void closeRestAndCore() {
    try {
      rest.close();
    } finally {
      identity.close();
      log.info("stopped");
    }
  }

  private static RuntimeException cause(Iterable<Message> messages, RuntimeException fallback) {
    for (Message m : messages) {
      if (m.getCause() instanceof RuntimeException r) {
        return r;
      }
    }
    return fallback;
  }
}
