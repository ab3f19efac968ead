package dev.metacircular.ports.transit.in;

import java.util.Objects;

/** {@code delete-key}: {@code {name, deleted: true}}. */
public record KeyDeleted(String name, boolean deleted) {
  public KeyDeleted {
    Objects.requireNonNull(name, "name");
  }

  public KeyDeleted(String name) {
    this(name, true);
  }
}
