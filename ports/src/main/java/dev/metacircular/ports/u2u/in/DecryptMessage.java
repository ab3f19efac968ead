package dev.metacircular.ports.u2u.in;

import dev.metacircular.ports.error.DomainException;

/** {@code decrypt}: an envelope addressed to the caller. */
public record DecryptMessage(byte[] envelope) {
  public DecryptMessage {
    if (envelope == null) {
      throw new DomainException.InvalidInput("envelope is required");
    }
  }

  @Override
  public String toString() {
    return "DecryptMessage[" + envelope.length + " bytes]";
  }
}
