package dev.metacircular.apps.identity;

import com.google.inject.Module;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.service.Opened;
import dev.metacircular.apps.service.ServiceServer;
import dev.metacircular.apps.tlsfromca.CaIssuedTls;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server: the core over its database, served over TLS by REST and the web UI on one
 * port and, when {@code [server] grpc_addr} is set, by gRPC on the same certificate ({@link
 * IdentityService} composes it). Closing stops the servers first (no new requests), then closes the
 * core and the database.
 */
public final class IdentityServer extends ServiceServer<IdentityCore> {
  private static final Logger log = LoggerFactory.getLogger(IdentityServer.class);

  private IdentityServer(Opened<IdentityCore> opened) {
    super(opened);
  }

  /** Starts with the system clock and the configured settings. */
  public static IdentityServer start(McIasConfig config, Map<String, String> env) {
    return start(config, env, Clock.systemUTC(), UnaryOperator.identity());
  }

  /**
   * Reads the settings, key material and TLS files, opens the database and core, then starts
   * listening. Nothing is left open when any step fails.
   */
  public static IdentityServer start(
      McIasConfig config,
      Map<String, String> env,
      Clock clock,
      UnaryOperator<IdentitySettings> tuning) {
    IdentityServer started =
        IdentityService.withCore(
            config,
            env,
            clock,
            tuning,
            core -> {
              List<Module> modules = new ArrayList<>(core);
              modules.addAll(
                  CaIssuedTls.prepare(
                      config.tlsIssuing(), config.tlsCert(), config.tlsKey(), clock));
              modules.addAll(IdentityService.doors(config));
              return new IdentityServer(serve(IdentityCore.class, modules));
            });
    started.logListening(Map.of("issuer", config.issuer()));
    warnIfTheHeapIsShort(
        started.core().passwordMemory().keptBytesBound(), Runtime.getRuntime().maxMemory());
    return started;
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
}
