package dev.metacircular.web.fleet;

import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.scheduler.in.MasterUseCase;
import dev.metacircular.web.common.WebRoutes;
import dev.metacircular.web.common.WebSettings;
import dev.metacircular.web.common.WebUi;
import io.javalin.config.JavalinConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The control plane's read-only fleet page, served by the master on its own HTTPS listener ({@code
 * [web] listen_addr}): the apps module hands this registration to the adapters-rest server it
 * starts there, so the pages get TLS, the security headers and the body limit of every other door.
 *
 * <pre>
 *   WebServer.start(settings, FleetWebUi.routes(master, auth, FleetWebUi.settings()));
 * </pre>
 *
 * <p>Pages: {@code /} (to {@code /fleet} when signed in, else {@code /login}), {@code /login} and
 * {@code POST /logout} (username, password and TOTP code against the identity service, for the
 * master's own audience), {@code /fleet} (nodes, services, recent events) and {@code
 * /fleet/services/{name}} (one service's status and events). Nothing on them changes the fleet:
 * every read goes through {@link MasterUseCase}, which admits only the accounts that may command
 * the master (the identity service's admin role) and audits the refusal of anyone else.
 */
public final class FleetWebUi {
  private FleetWebUi() {}

  /** The pages' session settings: cookie {@code __Host-mcp_session}. */
  public static WebSettings settings() {
    return WebSettings.of("mcp", "MCP");
  }

  /** The pages' registration, to hand to the server's start. */
  public static Consumer<JavalinConfig> routes(
      MasterUseCase master, DelegatedAuthenticationUseCase auth, WebSettings settings) {
    Objects.requireNonNull(master, "master");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(settings, "settings");
    return config -> register(WebUi.install(config, settings), master, auth);
  }

  private static void register(
      WebRoutes web, MasterUseCase master, DelegatedAuthenticationUseCase auth) {
    FleetGate gate = new FleetGate(auth);
    LoginPages login = new LoginPages(auth);
    FleetPages fleet = new FleetPages(master);

    web.get("/", login::start);
    web.get("/login", login::form);
    web.post("/login", login::login);
    web.post("/logout", login::logout);
    web.get("/fleet", gate.signedIn(fleet::overview));
    web.get("/fleet/services/{name}", gate.signedIn(fleet::service));
  }
}
