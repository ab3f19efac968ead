package dev.metacircular.ports.acme.in;

import java.util.Objects;

/** One ACME directory: the {@code ca} mount and the role its certificates are issued under. */
public record AcmeDirectoryId(String mount, String role) {
  public AcmeDirectoryId {
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(role, "role");
    if (mount.isBlank() || role.isBlank()) {
      throw new IllegalArgumentException("mount and role must not be blank");
    }
  }
}
