package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.crypto.SealingKey;

/** The keys an open core holds: the master sealing key and the token signing key. */
record IdentityKeys(SealingKey sealing, Ed25519SigningKey signing) implements AutoCloseable {

  @Override
  public void close() {
    sealing.destroy();
    signing.destroy();
  }

  @Override
  public String toString() {
    return "IdentityKeys[redacted]";
  }
}
