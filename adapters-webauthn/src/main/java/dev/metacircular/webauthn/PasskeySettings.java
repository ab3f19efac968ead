package dev.metacircular.webauthn;

import java.util.Objects;
import java.util.Set;

/**
 * The WebAuthn relying party: its id (the domain passkeys are bound to), the name browsers show,
 * and the exact origins ({@code https://host[:port]}) ceremonies may come from.
 */
public record PasskeySettings(String rpId, String rpName, Set<String> origins) {

  public PasskeySettings {
    if (rpId == null || rpId.isBlank() || rpId.contains("/") || rpId.contains(":")) {
      throw new IllegalArgumentException(
          "webauthn settings: rp_id must be a bare domain name such as example.com");
    }
    if (rpName == null || rpName.isBlank()) {
      throw new IllegalArgumentException("webauthn settings: rp_name must not be blank");
    }
    Objects.requireNonNull(origins, "origins");
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("webauthn settings: at least one origin is required");
    }
    for (String o : origins) {
      if (o == null
          || !(o.startsWith("https://") || o.startsWith("http://localhost"))
          || o.endsWith("/")) {
        throw new IllegalArgumentException(
            "webauthn settings: origin " + o + " must be https://host[:port] without a path");
      }
    }
    origins = Set.copyOf(origins);
  }

  /** Development defaults: {@code localhost}, origin {@code https://localhost:8443}. */
  public static PasskeySettings localhost() {
    return new PasskeySettings("localhost", "Metacircular", Set.of("https://localhost:8443"));
  }
}
