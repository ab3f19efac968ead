package dev.metacircular.ports.u2u.in;

import dev.metacircular.ports.identity.Usernames;

/** {@code get-public-key}: the current public key of a registered {@code username}. */
public record GetPublicKey(String username) {
  public GetPublicKey {
    Usernames.requireValid(username);
  }
}
