package dev.metacircular.rest.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The identity service's REST API (docs/identity.md). */
public final class RestIdentityClient extends RestServiceClient implements IdentityClient {
  private final RuleClient rules;

  public RestIdentityClient(RestEndpoint endpoint) {
    super(endpoint);
    this.rules = new RestRuleClient(endpoint);
  }

  @Override
  public WhoAmI whoami() {
    return validate(endpoint.token().require())
        .orElseThrow(
            () ->
                new dev.metacircular.ports.error.DomainException.Unauthenticated(
                    "the session token is no longer valid (log in again)"));
  }

  @Override
  public String health() {
    return endpoint.getPublicQuickly("/v1/health").path("status").asText("unknown");
  }

  @Override
  public List<Account> accounts() {
    List<Account> out = new ArrayList<>();
    for (JsonNode a : endpoint.get("/v1/accounts").path("accounts")) {
      out.add(WireForms.account(a));
    }
    return out;
  }

  @Override
  public Account account(UUID id) {
    return WireForms.account(endpoint.get("/v1/accounts/" + id));
  }

  @Override
  public Account create(CreateAccountCommand command) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", command.username());
    body.put("account_type", command.type().wireName());
    if (command.password() != null) {
      body.put("password", command.password());
    }
    body.put("roles", command.roles().stream().map(Role::wireName).sorted().toList());
    return WireForms.account(endpoint.post("/v1/accounts", body));
  }

  @Override
  public Account update(UUID id, UpdateAccountCommand command) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (command.status() != null) {
      body.put("status", command.status().wireName());
    }
    if (command.password() != null) {
      body.put("password", command.password());
    }
    return WireForms.account(endpoint.patch("/v1/accounts/" + id, body));
  }

  @Override
  public void delete(UUID id) {
    endpoint.delete("/v1/accounts/" + id);
  }

  @Override
  public Set<Role> setRoles(UUID id, Set<Role> roles) {
    JsonNode answer =
        endpoint.put(
            "/v1/accounts/" + id + "/roles",
            Map.of("roles", roles.stream().map(Role::wireName).sorted().toList()));
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String r : WireForms.strings(answer.path("roles"))) {
      out.add(Role.fromWire(r));
    }
    return out;
  }

  @Override
  public IssuedToken issueServiceToken(UUID accountId, Duration ttl, String serviceName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("account_id", accountId.toString());
    if (serviceName != null) {
      body.put("service_name", serviceName);
    }
    if (ttl != null) {
      body.put("ttl", ttl.toSeconds());
    }
    JsonNode n = endpoint.post("/v1/token/issue", body);
    return new IssuedToken(
        WireForms.text(n, "token"), WireForms.text(n, "jti"), WireForms.instant(n, "expires_at"));
  }

  @Override
  public void revokeToken(String jti, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jti", jti);
    if (reason != null) {
      body.put("reason", reason);
    }
    endpoint.post("/v1/token/revoke", body);
  }

  @Override
  public List<TokenRecord> tokens(UUID accountId) {
    List<TokenRecord> out = new ArrayList<>();
    for (JsonNode t : endpoint.get("/v1/accounts/" + accountId + "/tokens").path("tokens")) {
      out.add(WireForms.tokenRecord(t, accountId));
    }
    return out;
  }

  @Override
  public Optional<WhoAmI> validate(String token) {
    JsonNode n = endpoint.postPublic("/v1/token/validate", Map.of("token", token));
    return n.path("valid").asBoolean(false) ? Optional.of(WireForms.whoAmI(n)) : Optional.empty();
  }

  @Override
  public RuleClient loginPolicy() {
    return rules;
  }
}
