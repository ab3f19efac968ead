package dev.metacircular.ports.pki.in;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code create-eab}: ACME external account binding credentials for the caller, for the directory
 * of {@code role}: the key id and the HMAC key (base64url, unpadded, as ACME clients take it),
 * single use, expiring at {@code expires_at}.
 */
public record EabCredentials(String kid, EabKey hmacKey, String role, Instant expiresAt) {
  public EabCredentials {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(hmacKey, "hmacKey");
  }

  @Override
  public String toString() {
    return "EabCredentials[kid=" + kid + ", role=" + role + ", expiresAt=" + expiresAt + "]";
  }
}
