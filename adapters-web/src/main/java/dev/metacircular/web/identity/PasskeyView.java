package dev.metacircular.web.identity;

import dev.metacircular.ports.identity.Passkey;

/** A passkey as the profile page shows it: its name and times, never key material. */
public record PasskeyView(String credentialId, String name, String createdAt, String lastUsedAt) {

  static PasskeyView of(Passkey p) {
    return new PasskeyView(
        p.credentialId(),
        p.name(),
        Times.show(p.createdAt()),
        p.lastUsedAt() == null ? "never" : Times.show(p.lastUsedAt()));
  }
}
