package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An authorization code as stored: never the code itself, only its SHA-256 (hex), so a copy of the
 * database cannot be replayed at the token endpoint.
 *
 * @param codeChallenge the PKCE S256 challenge (base64url), or null when the client sent none
 * @param usedAt when the code was exchanged, or null while it is unused
 * @param issuedJti the jti of the token the exchange issued, or null while unused; revoked if the
 *     code is presented again (RFC 6749 §4.1.2)
 */
public record StoredAuthorizationCode(
    String codeHash,
    String clientId,
    String redirectUri,
    UUID accountId,
    String codeChallenge,
    Instant issuedAt,
    Instant expiresAt,
    Instant usedAt,
    String issuedJti) {

  public StoredAuthorizationCode {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean used() {
    return usedAt != null;
  }
}
