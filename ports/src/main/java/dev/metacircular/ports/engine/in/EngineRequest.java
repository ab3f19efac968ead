package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.error.DomainException;
import java.util.Map;

/**
 * One engine operation as the JSON-shaped doors carry it: {@code POST /v1/engine/request
 * {"mount","operation","data"}}, gRPC's {@code EngineService.Request}. {@code data} is a
 * JSON-shaped tree (see {@link JsonTree}), mapped onto the operation's request record by the door's
 * dispatcher.
 */
public record EngineRequest(String mount, String operation, Map<String, Object> data) {

  public static final int MAX_OPERATION_LENGTH = 64;

  public EngineRequest {
    Mount.requireValidName(mount);
    if (operation == null || operation.isBlank()) {
      throw new DomainException.InvalidInput("operation is required");
    }
    if (operation.length() > MAX_OPERATION_LENGTH) {
      throw new DomainException.InvalidInput(
          "operation is longer than " + MAX_OPERATION_LENGTH + " characters");
    }
    data = data == null ? Map.of() : JsonTree.copy(data);
  }
}
