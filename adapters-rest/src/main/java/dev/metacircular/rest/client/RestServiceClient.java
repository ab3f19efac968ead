package dev.metacircular.rest.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.SessionClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a REST client does the same way for both services: logging in and out ({@code POST
 * /v1/auth/login}, {@code /v1/auth/logout}) and querying the audit log ({@code GET /v1/audit}).
 * Each service says for itself who the token stands for.
 */
abstract class RestServiceClient implements SessionClient {
  final RestEndpoint endpoint;

  RestServiceClient(RestEndpoint endpoint) {
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

  /** Matching audit events, newest first. */
  public final List<AuditEvent> audit(AuditFilter filter) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("account", filter.actorOrSubject());
    q.put("type", filter.type());
    q.put("since", filter.since());
    q.put("limit", filter.limit());
    List<AuditEvent> out = new ArrayList<>();
    for (JsonNode e : endpoint.get("/v1/audit" + RestEndpoint.query(q)).path("events")) {
      out.add(WireForms.auditEvent(e));
    }
    return out;
  }
}
