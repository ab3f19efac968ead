package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A WebAuthn credential (passkey) registered to an account, as doors may show it: never the public
 * key bytes, only what a person needs to recognise and remove it.
 *
 * @param credentialId the credential id, base64url without padding (as browsers encode it)
 * @param name a label the owner gave it ("laptop", "YubiKey 5")
 * @param signatureCount the authenticator's last seen signature counter (0 when it keeps none)
 * @param lastUsedAt the last successful sign-in with it, or null
 */
public record Passkey(
    String credentialId,
    UUID accountId,
    String name,
    long signatureCount,
    Instant createdAt,
    Instant lastUsedAt) {

  public Passkey {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
