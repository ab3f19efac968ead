package dev.metacircular.ports.engine;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine gets when a mount opens: its name, its validated configuration, its encrypted
 * storage and the clock.
 */
public record EngineContext(
    String mountName, Map<String, Object> config, EngineStorage storage, Clock clock) {
  public EngineContext {
    Mount.requireValidName(mountName);
    config = config == null ? Map.of() : EngineData.copyTree(config);
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
  }
}
