package dev.metacircular.rest;

import dev.metacircular.ports.error.DomainException;
import java.util.Arrays;

/** Checking and wiping request secrets (wiped once the port call has returned). */
final class Passwords {
  private Passwords() {}

  /** {@code secret} itself; 400 "{field} is required" when it is absent or empty. */
  static char[] require(char[] secret, String field) {
    if (secret == null || secret.length == 0) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return secret;
  }

  static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }
}
