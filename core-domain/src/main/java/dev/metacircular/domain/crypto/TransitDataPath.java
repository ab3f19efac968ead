package dev.metacircular.domain.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.TransitDataUseCase;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;

/**
 * Transit encrypt / decrypt with binary values: the typed {@link TransitOperations#ENCRYPT} and
 * {@link TransitOperations#DECRYPT} run through the same operation runner as every other door, so
 * the ACL (action {@code encrypt} / {@code decrypt}, path {@code keys/<name>}), audit and seal
 * rules are one set for all doors.
 */
final class TransitDataPath implements TransitDataUseCase {

  private final EngineUseCase operations;

  TransitDataPath(EngineUseCase operations) {
    this.operations = operations;
  }

  @Override
  public TransitValue encrypt(
      Caller caller, String mount, String key, byte[] plaintext, byte[] context) {
    return operations
        .run(caller, mount, TransitOperations.ENCRYPT, new Encrypt(key, plaintext, context))
        .ciphertext();
  }

  @Override
  public byte[] decrypt(
      Caller caller, String mount, String key, TransitValue ciphertext, byte[] context) {
    return operations
        .run(caller, mount, TransitOperations.DECRYPT, new Decrypt(key, ciphertext, context))
        .plaintext();
  }
}
