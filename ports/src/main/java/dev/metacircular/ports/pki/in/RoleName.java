package dev.metacircular.ports.pki.in;

/** {@code get-role}, {@code delete-role}, {@code create-eab}: the role called {@code name}. */
public record RoleName(String name) {
  public RoleName {
    PkiName.require("name", name);
  }
}
