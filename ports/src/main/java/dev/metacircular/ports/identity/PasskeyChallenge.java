package dev.metacircular.ports.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * The first half of a WebAuthn ceremony: the JSON a browser passes to {@code
 * navigator.credentials.create()} or {@code .get()} (as {@code {"publicKey": {...}}}), and the id
 * under which the server remembers the challenge until the second half arrives.
 *
 * @param requestId opaque, single use; send it back with the browser's answer
 * @param optionsJson the WebAuthn options, JSON with binary fields in base64url
 * @param expiresAt after this the ceremony must start again
 */
public record PasskeyChallenge(String requestId, String optionsJson, Instant expiresAt) {
  public PasskeyChallenge {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(optionsJson, "optionsJson");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
