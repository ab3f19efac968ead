package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: WebAuthn credentials (passkeys), each belonging to one account. */
public interface PasskeyStore {

  /**
   * {@code DomainException.Conflict("passkey already registered")} when the credential id is known
   * (to any account).
   */
  void insert(StoredPasskey passkey);

  Optional<StoredPasskey> find(byte[] credentialId);

  /** The account's passkeys, oldest first. */
  List<StoredPasskey> listForAccount(UUID accountId);

  /**
   * Records a successful sign-in: the new signature counter and the time. False when the credential
   * no longer exists.
   */
  boolean recordUse(byte[] credentialId, long signatureCount, Instant at);

  /** Deletes the credential if it belongs to {@code accountId}; false otherwise. */
  boolean delete(UUID accountId, byte[] credentialId);
}
