package dev.metacircular.ports.seal;

import java.util.List;

/**
 * The master encryption key's versions and the background re-encryption that follows a rotation.
 *
 * @param activeVersion the MEK version that seals new entries
 * @param versions every version still kept to read older entries, ascending
 * @param entriesPending entries still sealed under an older version (0 when re-encryption is done)
 * @param inProgress whether background re-encryption is running or will resume at next unseal
 */
public record KeyRotation(
    int activeVersion, List<Integer> versions, long entriesPending, boolean inProgress) {
  public KeyRotation {
    versions = versions == null ? List.of() : List.copyOf(versions);
  }
}
