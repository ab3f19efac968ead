package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code POST /v1/engine/request {"mount","operation","data"}} → {@code {"data": ...}}, through the
 * generic {@link EngineDispatcher}. The ACL decision, the mount lookup and the operation's own
 * checks are the core's. Neither the request data nor the result is ever logged: they carry
 * plaintexts and keys.
 */
final class EngineController {
  private final EngineRequestUseCase engines;

  EngineController(EngineRequestUseCase engines) {
    this.engines = engines;
  }

  void request(Context ctx, Caller caller) {
    OperationRequest body = JsonBodies.read(ctx, OperationRequest.class);
    EngineRequest request =
        new EngineRequest(body.mount(), body.operation(), FreeFormJson.check(body.data(), "data"));
    Map<String, Object> result = engines.handle(caller, request);
    JsonBodies.write(ctx, 200, new DataView(result == null ? Map.of() : result));
  }

  record OperationRequest(String mount, String operation, Map<String, Object> data) {
    @Override
    public String toString() {
      return "OperationRequest[mount=" + mount + ", operation=" + operation + "]";
    }
  }

  record DataView(Map<String, Object> data) {
    @Override
    public String toString() {
      return "DataView[redacted]";
    }
  }
}
