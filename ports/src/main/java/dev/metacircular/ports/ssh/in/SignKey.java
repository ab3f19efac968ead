package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.error.DomainException;
import java.util.List;

/**
 * {@code sign}: certify {@code publicKey} (one OpenSSH line, as in {@code ~/.ssh/id_ed25519.pub})
 * for {@code principals} under {@code profile}. {@code ttl} defaults to the profile's default_ttl
 * and is capped at its max_ttl; {@code keyId} only when the profile allows user key ids.
 */
public record SignKey(
    String profile, String publicKey, List<String> principals, SshTtl ttl, String keyId) {
  public SignKey {
    SshFields.name("profile", profile);
    SshFields.required("public_key", publicKey);
    if (publicKey.isBlank()) {
      throw new DomainException.InvalidInput("public_key is required");
    }
    if (publicKey.length() > 16_384) {
      throw new DomainException.InvalidInput("public_key is too long");
    }
    SshFields.required("principals", principals);
    principals = SshFields.texts("principals", principals, 256, 256);
    if (principals.isEmpty()) {
      throw new DomainException.InvalidInput(
          "principals must name at least one principal (a certificate without principals would"
              + " be valid for every one)");
    }
    for (String p : principals) {
      if (p.contains(",") || p.chars().anyMatch(Character::isWhitespace)) {
        throw new DomainException.InvalidInput(
            "principals: " + p + " must not contain spaces or commas");
      }
    }
    SshFields.text("key_id", keyId, 256);
  }

  @Override
  public String toString() {
    return "SignKey[profile=" + profile + ", principals=" + principals + "]";
  }
}
