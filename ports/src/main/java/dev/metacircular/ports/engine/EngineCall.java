package dev.metacircular.ports.engine;

import dev.metacircular.ports.auth.Caller;
import java.util.Objects;

/** What an {@link Engine} is asked to do, by whom, with which (already copied) data. */
public record EngineCall(Caller caller, String operation, EngineData data) {
  public EngineCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(data, "data");
  }
}
