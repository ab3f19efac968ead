package dev.metacircular.ports.acme.in;

import java.util.Objects;

/** An order's identifier (RFC 8555 §9.7.7): type {@code dns} and a name, maybe a wildcard. */
public record Identifier(String type, String value) {
  public Identifier {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
