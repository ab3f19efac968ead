package dev.metacircular.ports.engine;

import dev.metacircular.ports.error.DomainException;
import java.util.Map;

/**
 * One engine operation: {@code POST /v1/engine/request {"mount","operation","data"}} on every door.
 * {@code data} is a JSON-shaped tree (see {@link EngineData}).
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
    data = data == null ? Map.of() : EngineData.copyTree(data);
  }
}
