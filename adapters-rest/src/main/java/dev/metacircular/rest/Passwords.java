package dev.metacircular.rest;

import java.util.Arrays;

/** Wiping request secrets once the port call has returned. */
final class Passwords {
  private Passwords() {}

  static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }
}
