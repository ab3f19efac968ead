package dev.metacircular.ports.acme;

import java.util.Objects;

/**
 * An ACME problem document's content (RFC 7807 / RFC 8555 §6.7): its type and a detail a person can
 * act on. Carried by a refusal ({@link AcmeRefusal}) and recorded in a challenge that failed.
 */
public record AcmeProblem(AcmeProblemType type, String detail) {
  public AcmeProblem {
    Objects.requireNonNull(type, "type");
    detail = detail == null ? "" : detail;
  }
}
