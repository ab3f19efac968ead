package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.auth.Caller;

/**
 * Inbound port: transit's data path with binary values, for doors that carry bytes natively (gRPC,
 * embedding Java code). It runs the typed {@link TransitOperations#ENCRYPT} and {@link
 * TransitOperations#DECRYPT} through {@code EngineUseCase}, so the rules are the same as for every
 * other door: the ACL decides first (action {@code encrypt} / {@code decrypt}, resource path {@code
 * keys/<name>}; admins bypass; default deny → {@code Forbidden}), then {@code NotFound} for an
 * unknown mount or key, {@code InvalidInput} for a mount that is not transit, a key that cannot
 * encrypt, a ciphertext below the key's {@code min_decryption_version} or one that does not open,
 * {@code Unavailable("sealed")} while sealed. A ciphertext from either door opens through the
 * other.
 */
public interface TransitDataUseCase {

  /**
   * Encrypts {@code plaintext} under the newest version of {@code key}.
   *
   * @param context associated data bound to the ciphertext, or null for none
   */
  TransitValue encrypt(Caller caller, String mount, String key, byte[] plaintext, byte[] context);

  /**
   * Decrypts a ciphertext of {@code key}; the caller owns (and may wipe) the returned array.
   *
   * @param context the associated data given at encryption, or null for none
   */
  byte[] decrypt(Caller caller, String mount, String key, TransitValue ciphertext, byte[] context);
}
