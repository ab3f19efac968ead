package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds, among a server's registered routes, every one that decodes a JSON body — it answers a
 * strict-JSON probe ({@code {"zz_probe": 1}}) with 400 "unknown field" — and checks that each
 * refuses the same body sent with another media type (415). A route added later is probed without
 * anyone listing it here.
 */
final class JsonRoutes {
  static final String PROBE = "{\"zz_probe\":1}";
  static final String REFUSAL =
      "{\"error\":\"request body must be sent with Content-Type: application/json\"}";
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

  private JsonRoutes() {}

  /**
   * Probes every route of {@code routes} but {@code bodiless} (routes that take no body and act on
   * the caller's token alone, such as logout or seal: probing them would end the session the probe
   * runs with); {@code uri} makes the address. Returns the JSON routes found, each already checked
   * against {@code text/plain}, a form type and no type; a route in {@code formToo} may also take a
   * form (the OAuth token endpoint, RFC 6749), so the form type is not checked there.
   */
  static List<String> checkEvery(
      InputDoors doors,
      List<String> routes,
      Function<String, URI> uri,
      String token,
      Set<String> bodiless,
      Set<String> formToo) {
    List<String> json = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (!WITH_BODY.contains(method) || bodiless.contains(route)) {
        continue;
      }
      URI target = uri.apply(fill(path));
      InputDoors.Reply probe = doors.send(method, target, token, "application/json", PROBE);
      if (probe.status() != 400 || !probe.body().startsWith("{\"error\":\"unknown field")) {
        continue;
      }
      json.add(route);
      for (String type :
          new String[] {
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            null
          }) {
        if (type != null && type.startsWith("application/x-www-form") && formToo.contains(route)) {
          continue;
        }
        InputDoors.Reply refused = doors.send(method, target, token, type, PROBE);
        assertThat(refused.status()).as(route + " with " + type).isEqualTo(415);
        assertThat(refused.body()).as(route + " with " + type).isEqualTo(REFUSAL);
      }
    }
    return json;
  }

  /** Javalin path parameters ({name}, <name>) as a syntactically valid id. */
  private static String fill(String path) {
    return path.replaceAll("\\{[^}]+}|<[^>]+>", "6f1c5a2e-0000-4000-8000-000000000001");
  }
}
