package dev.metacircular.ports.transit.in;

import java.util.List;

/** {@code list-keys}: the mount's key names, ascending. */
public record KeyList(List<String> keys) {
  public KeyList {
    keys = List.copyOf(keys);
  }
}
