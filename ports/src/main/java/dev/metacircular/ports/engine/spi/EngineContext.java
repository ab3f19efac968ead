package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.engine.out.EngineStorage;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine gets when a mount opens: its name, its validated configuration (as the mount
 * stored it), its encrypted storage and the clock.
 */
public record EngineContext(
    String mountName, Map<String, Object> config, EngineStorage storage, Clock clock) {
  public EngineContext {
    Objects.requireNonNull(mountName, "mountName");
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
  }
}
