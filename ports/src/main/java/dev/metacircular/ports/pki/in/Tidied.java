package dev.metacircular.ports.pki.in;

import java.util.List;

/** {@code tidy}: the serials removed. */
public record Tidied(List<SerialNumber> removed) {
  public Tidied {
    removed = List.copyOf(removed);
  }
}
