package dev.metacircular.rest.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.rest.OperationTrees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The crypto service's REST API (docs/crypto.md). */
public final class RestCryptoClient extends RestServiceClient implements CryptoClient {
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  private final RuleClient acl;

  public RestCryptoClient(RestEndpoint endpoint) {
    super(endpoint);
    this.acl = new RestRuleClient(endpoint);
  }

  @Override
  public WhoAmI whoami() {
    return WireForms.whoAmI(endpoint.get("/v1/auth/tokeninfo"));
  }

  @Override
  public SealState status() {
    return state(endpoint.getPublic("/v1/status"));
  }

  @Override
  public SealState quickStatus() {
    return state(endpoint.getPublicQuickly("/v1/status"));
  }

  private static SealState state(JsonNode n) {
    String state = n.path("state").asText("");
    try {
      return SealState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Unreachable("the service answered an unknown state '" + state + "'");
    }
  }

  @Override
  public void init(char[] password) {
    endpoint.postPublic("/v1/init", Map.of("password", password));
  }

  @Override
  public void unseal(char[] password) {
    endpoint.postPublic("/v1/unseal", Map.of("password", password));
  }

  @Override
  public void seal() {
    endpoint.post("/v1/seal", null);
  }

  @Override
  public void rekey(char[] oldPassword, char[] newPassword) {
    endpoint.post("/v1/rekey", Map.of("old_password", oldPassword, "new_password", newPassword));
  }

  @Override
  public KeyRotation rotate() {
    return WireForms.keyRotation(endpoint.post("/v1/rotate", null));
  }

  @Override
  public KeyRotation keyStatus() {
    return WireForms.keyRotation(endpoint.get("/v1/key-status"));
  }

  @Override
  public List<Mount> mounts() {
    List<Mount> out = new ArrayList<>();
    for (JsonNode m : endpoint.get("/v1/engine/mounts").path("mounts")) {
      out.add(WireForms.mount(m));
    }
    return out;
  }

  @Override
  public Mount mount(String name, String type, Map<String, Object> config) {
    return WireForms.mount(
        endpoint.post(
            "/v1/engine/mounts", Map.of("name", name, "type", type, "config", Map.copyOf(config))));
  }

  @Override
  public void unmount(String name) {
    endpoint.delete("/v1/engine/mounts/" + RestEndpoint.segment(name));
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, Q request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mount", mount);
    body.put("operation", operation.name());
    body.put("data", OperationTrees.INSTANCE.tree(operation.cast(request)));
    JsonNode d = endpoint.post("/v1/engine/request", body).path("data");
    if (!d.isObject()) {
      throw new Unreachable("the service answered an engine request without data");
    }
    Map<String, Object> data = RestEndpoint.JSON.convertValue(d, TREE);
    try {
      return OperationTrees.INSTANCE.read(data, operation.response());
    } catch (DomainException.InvalidInput e) {
      throw new Unreachable(
          "the service's answer to " + operation.name() + " is not understood: " + e.getMessage());
    }
  }

  @Override
  public RuleClient acl() {
    return acl;
  }
}
