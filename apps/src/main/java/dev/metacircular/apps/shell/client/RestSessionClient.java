package dev.metacircular.apps.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logging in and out over REST, the same for both services ({@code POST /v1/auth/login} and
 * {@code /v1/auth/logout}); each service says for itself who the token stands for.
 */
abstract class RestSessionClient implements SessionClient {
  final RestEndpoint endpoint;

  RestSessionClient(RestEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public final WhoAmI login(String username, char[] password, String totpCode) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", password);
    if (totpCode != null) {
      body.put("totp_code", totpCode);
    }
    JsonNode answer = endpoint.postPublic("/v1/auth/login", body);
    endpoint.token().set(WireForms.text(answer, "token"));
    return whoami();
  }

  @Override
  public final void logout() {
    try {
      endpoint.post("/v1/auth/logout", null);
    } finally {
      endpoint.token().clear();
    }
  }
}
