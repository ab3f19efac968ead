package dev.metacircular.ports.transit.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code export-key}: the key's raw material per version ({@code "<version>"} → standard base64),
 * in ascending version order.
 */
public record ExportedKey(String name, String type, Map<String, String> keys) {
  public ExportedKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  @Override
  public String toString() {
    // Key material: never printed.
    return "ExportedKey[" + name + ", versions " + keys.keySet() + "]";
  }
}
