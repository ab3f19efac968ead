package dev.metacircular.ports.storage.out;

import java.util.Optional;

/**
 * Outbound port: small named blobs a service keeps about itself (KDF salt and parameters, the
 * sealed signing key...). Values are opaque bytes; callers encrypt anything secret before storing.
 */
public interface SettingsStore {

  Optional<byte[]> get(String name);

  /** Inserts or replaces. */
  void put(String name, byte[] value);

  /** Inserts only when absent; true when this call stored the value. */
  boolean putIfAbsent(String name, byte[] value);
}
