package dev.metacircular.domain.crypto;

import dev.metacircular.domain.engine.transit.TransitEngine;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.TransitData;
import dev.metacircular.ports.transit.TransitValue;
import java.util.Objects;

/**
 * Transit encrypt / decrypt with binary values, through the same ACL, audit and seal rules as
 * {@link CryptoRequests} (it is the same path, minus the JSON-shaped data): the ACL action is the
 * operation name and the resource path {@code keys/<name>}, as the transit engine names them for
 * engine requests, so one rule set governs both doors.
 */
final class TransitDataPath implements TransitData {

  private final CryptoRequests requests;

  TransitDataPath(CryptoRequests requests) {
    this.requests = requests;
  }

  @Override
  public TransitValue encrypt(
      Caller caller, String mount, String key, byte[] plaintext, byte[] context) {
    Objects.requireNonNull(caller, "caller");
    requireName(key);
    if (plaintext == null) {
      throw new DomainException.InvalidInput("plaintext is required");
    }
    return requests.authorized(
        caller,
        mount,
        "encrypt",
        engine -> "keys/" + key,
        engine -> transit(engine, mount).encrypt(key, plaintext, context));
  }

  @Override
  public byte[] decrypt(
      Caller caller, String mount, String key, TransitValue ciphertext, byte[] context) {
    Objects.requireNonNull(caller, "caller");
    requireName(key);
    if (ciphertext == null) {
      throw new DomainException.InvalidInput("ciphertext is required");
    }
    return requests.authorized(
        caller,
        mount,
        "decrypt",
        engine -> "keys/" + key,
        engine -> transit(engine, mount).decrypt(key, ciphertext, context));
  }

  private static void requireName(String key) {
    if (key == null || key.isEmpty()) {
      throw new DomainException.InvalidInput("key is required");
    }
  }

  private static TransitEngine transit(Engine engine, String mount) {
    if (!(engine instanceof TransitEngine)) {
      throw new DomainException.InvalidInput("mount " + mount + " is not a transit mount");
    }
    return (TransitEngine) engine;
  }
}
