package dev.metacircular.domain.engine.transit;

import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named transit key: its type, flags, {@code min_decryption_version} and every version, oldest
 * first (version {@code n} at index {@code n - 1}; versions are never trimmed). Immutable: a change
 * makes a new value that shares the unchanged versions, so readers on other threads always see a
 * consistent key without locking.
 */
record TransitKey(
    String name,
    TransitKeyType type,
    boolean exportable,
    boolean deletionAllowed,
    int minDecryptionVersion,
    List<KeyVersion> versions) {

  TransitKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a key has at least one version");
    }
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).number() != i + 1) {
        throw new IllegalArgumentException("key versions must be 1..n in order");
      }
    }
    if (minDecryptionVersion < 1 || minDecryptionVersion > versions.size()) {
      throw new IllegalArgumentException("min_decryption_version out of range");
    }
  }

  int latestVersion() {
    return versions.size();
  }

  /** The version new encryptions, signatures and MACs use. */
  KeyVersion latest() {
    return versions.get(versions.size() - 1);
  }

  /**
   * The version a ciphertext (signature, MAC) names, if it may still be used: {@code InvalidInput}
   * naming both numbers when it is below {@code min_decryption_version} or beyond the latest
   * version. {@code what} is the field, for the message.
   */
  KeyVersion usableVersion(int number, String what) {
    if (number < minDecryptionVersion) {
      throw new DomainException.InvalidInput(
          what
              + " key version "
              + number
              + " is below min_decryption_version "
              + minDecryptionVersion);
    }
    if (number > versions.size()) {
      throw new DomainException.InvalidInput(
          what
              + " key version "
              + number
              + " does not exist (latest_version is "
              + versions.size()
              + ")");
    }
    return versions.get(number - 1);
  }

  TransitKey withNewVersion(KeyVersion version) {
    List<KeyVersion> more = new ArrayList<>(versions.size() + 1);
    more.addAll(versions);
    more.add(version);
    return new TransitKey(name, type, exportable, deletionAllowed, minDecryptionVersion, more);
  }

  TransitKey withMinDecryptionVersion(int min) {
    return new TransitKey(name, type, exportable, deletionAllowed, min, versions);
  }

  TransitKey withDeletionAllowed(boolean allowed) {
    return new TransitKey(name, type, exportable, allowed, minDecryptionVersion, versions);
  }

  /** Drops every version's key material (see {@code KeysetKey#destroy}). */
  void destroy() {
    for (KeyVersion v : versions) {
      v.key().destroy();
    }
  }
}
