package dev.metacircular.ports.transit.in;

import java.util.Objects;

/** {@code hmac}: the HMAC and the key version that made it. */
public record HmacTag(TransitValue hmac, int keyVersion) {
  public HmacTag {
    Objects.requireNonNull(hmac, "hmac");
  }
}
