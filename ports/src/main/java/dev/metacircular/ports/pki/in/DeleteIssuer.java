package dev.metacircular.ports.pki.in;

/**
 * {@code delete-issuer}: removes issuer {@code name}; refused while it has unexpired certificates
 * unless {@code force}.
 */
public record DeleteIssuer(String name, Boolean force) {
  public DeleteIssuer {
    PkiName.require("name", name);
    force = force != null && force;
  }
}
