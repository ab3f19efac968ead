package dev.metacircular.apps.identity;

import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.rest.IdentityRestApi;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.web.identity.IdentityWebApi;
import dev.metacircular.web.identity.IdentityWebUi;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity server: the core over its database, served over TLS (the REST API and the web UI
 * on one port). Closing stops the HTTP server first (no new requests), then closes the core and
 * the database.
 */
public final class IdentityServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdentityServer.class);

  private final LocalIdentity identity;
  private final IdentityRestServer rest;
  private final ListenAddress listen;
  private boolean closed;

  private IdentityServer(LocalIdentity identity, IdentityRestServer rest, ListenAddress listen) {
    this.identity = identity;
    this.rest = rest;
    this.listen = listen;
  }

  /** Starts with the system clock and the configured settings. */
  public static IdentityServer start(McIasConfig config, Map<String, String> env) {
    return start(config, env, Clock.systemUTC(), UnaryOperator.identity());
  }

  /**
   * Opens the database and core, then starts listening. Nothing is left open when any step
   * fails.
   */
  public static IdentityServer start(
      McIasConfig config, Map<String, String> env, Clock clock,
      UnaryOperator<IdentitySettings> tuning) {
    LocalIdentity identity = LocalIdentity.open(config, env, clock, tuning);
    try {
      Injector rest = identity.injector().createChildInjector(new IdentityRestModule());
      IdentityRestServer server =
          IdentityRestServer.start(
              rest.getInstance(IdentityRestApi.class), rest.getInstance(RestSettings.class),
              // The web UI (login, profile, admin pages, SSO authorize) on the same port.
              IdentityWebUi.routes(webApi(identity.core()), IdentityWebUi.settings()));
      IdentityServer started = new IdentityServer(identity, server, config.listen());
      log.atInfo()
          .addKeyValue("addr", started.address())
          .addKeyValue("issuer", config.issuer())
          .log("listening");
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

  private static IdentityWebApi webApi(IdentityCore core) {
    return new IdentityWebApi(core.login(), core.sessions(), core.tokens(), core.tokenAdmin(),
        core.accounts(), core.profile(), core.totp(), core.loginPolicy(), core.audit(),
        core.sso(), core.passkeys());
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
