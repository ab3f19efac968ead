package dev.metacircular.ports.seal.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;

/**
 * Inbound port: the crypto service's seal barrier (the reference's Metacrypt init / unseal / seal,
 * plus online rekey and master key rotation).
 *
 * <p>Refusals, with the reference's messages: {@code PreconditionFailed("not initialized")} (412)
 * for unseal or rekey before init; {@code Conflict("already initialized")} (409) for a second init;
 * {@code Unauthenticated("invalid password")} (401) for a wrong seal password; {@code
 * TooManyRequests("too many attempts")} (429) after 5 failed unseals within a minute, for 60 s,
 * even for the right password; {@code Unavailable("sealed")} (503) for admin calls that need the
 * keys while sealed; {@code Forbidden} for a non-admin caller.
 *
 * <p>Passwords are {@code char[]} owned by the caller, who wipes them after the call.
 */
public interface SealUseCase {

  /** The current state; never throws. */
  SealState state();

  /**
   * First-time setup: derives the key-wrapping key from {@code password}, generates the master
   * encryption key and leaves the service unsealed. The password must be 12-1024 characters.
   */
  void initialize(char[] password);

  /**
   * Opens the barrier. Unsealing an unsealed service succeeds without looking at the password (no
   * key derivation, no failure counted), as Vault answers its seal status.
   */
  void unseal(char[] password, String sourceAddress);

  /** Closes the barrier and zeroizes every key held in memory (admin). */
  void seal(Caller caller);

  /**
   * Changes the seal password online (admin, while unsealed): re-wraps only the master key under a
   * key derived from {@code newPassword}; no entry is re-encrypted. {@code oldPassword} must be the
   * current one.
   */
  void rekey(Caller caller, char[] oldPassword, char[] newPassword);

  /**
   * Adds a master key version that seals every new entry, keeps the old versions to read, and
   * starts re-encrypting older entries in the background (admin, while unsealed). A re-encryption
   * interrupted by seal or restart resumes at the next unseal.
   */
  KeyRotation rotateMasterKey(Caller caller);

  /** Master key versions and re-encryption progress (admin, while unsealed). */
  KeyRotation keyStatus(Caller caller);
}
