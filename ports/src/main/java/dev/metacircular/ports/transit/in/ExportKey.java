package dev.metacircular.ports.transit.in;

/**
 * {@code export-key}: the raw key material of key {@code name} (only a key created exportable),
 * every version from min_decryption_version up, or only {@code version}.
 */
public record ExportKey(String name, Integer version) {
  public ExportKey {
    TransitKeyName.require("name", name);
  }
}
