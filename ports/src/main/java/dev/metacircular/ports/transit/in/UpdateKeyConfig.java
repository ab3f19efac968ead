package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.error.DomainException;

/**
 * {@code update-key-config}: the key's {@code min_decryption_version} (between 1 and its latest
 * version, which the engine checks) and/or {@code deletion_allowed}; at least one of them.
 */
public record UpdateKeyConfig(String name, Integer minDecryptionVersion, Boolean deletionAllowed) {
  public UpdateKeyConfig {
    TransitKeyName.require("name", name);
    if (minDecryptionVersion == null && deletionAllowed == null) {
      throw new DomainException.InvalidInput(
          "nothing to update: give min_decryption_version or deletion_allowed");
    }
  }
}
