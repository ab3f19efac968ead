package dev.metacircular.ports.transit.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A key's metadata (the answer of create-key, get-key, rotate-key and update-key-config); never
 * secret material.
 */
public record KeyInfo(
    String name,
    String type,
    int latestVersion,
    int minDecryptionVersion,
    boolean deletionAllowed,
    boolean exportable,
    List<Version> versions) {
  public KeyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    versions = List.copyOf(versions);
  }

  /** One version: its number, when it was made, and a signing key's public key (PEM) or null. */
  public record Version(int version, Instant createdAt, String publicKey) {
    public Version {
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }
}
