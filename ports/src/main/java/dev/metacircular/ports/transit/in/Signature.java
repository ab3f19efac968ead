package dev.metacircular.ports.transit.in;

import java.util.Objects;

/** {@code sign}: the signature and the key version that made it. */
public record Signature(TransitValue signature, int keyVersion) {
  public Signature {
    Objects.requireNonNull(signature, "signature");
  }
}
