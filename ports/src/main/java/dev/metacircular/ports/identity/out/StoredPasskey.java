package dev.metacircular.ports.identity.out;

import dev.metacircular.ports.identity.Passkey;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * A WebAuthn credential as stored. The WebAuthn user handle of an account is the 16 bytes of its
 * UUID (opaque, no personal data), so it is not stored separately.
 *
 * @param credentialId the raw credential id (1-1023 bytes)
 * @param publicKeyCose the credential public key, COSE-encoded, as the authenticator sent it
 * @param signatureCount the last signature counter seen
 * @param lastUsedAt null until the first sign-in
 */
public record StoredPasskey(
    byte[] credentialId,
    UUID accountId,
    byte[] publicKeyCose,
    long signatureCount,
    String name,
    Instant createdAt,
    Instant lastUsedAt) {

  public StoredPasskey {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(publicKeyCose, "publicKeyCose");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    if (credentialId.length == 0 || credentialId.length > 1023) {
      throw new IllegalArgumentException("credentialId must be 1-1023 bytes");
    }
    credentialId = credentialId.clone();
    publicKeyCose = publicKeyCose.clone();
  }

  @Override
  public byte[] credentialId() {
    return credentialId.clone();
  }

  @Override
  public byte[] publicKeyCose() {
    return publicKeyCose.clone();
  }

  /** The credential id as browsers and doors write it: base64url without padding. */
  public String credentialIdBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(credentialId);
  }

  public Passkey toPasskey() {
    return new Passkey(
        credentialIdBase64Url(), accountId, name, signatureCount, createdAt, lastUsedAt);
  }

  @Override
  public String toString() {
    return "StoredPasskey[" + credentialIdBase64Url() + ", account=" + accountId + "]";
  }
}
