package dev.metacircular.ports.transit.in;

/** {@code get-key}, {@code rotate-key}, {@code delete-key}: the key called {@code name}. */
public record KeyName(String name) {
  public KeyName {
    TransitKeyName.require("name", name);
  }
}
