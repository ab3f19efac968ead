package dev.metacircular.crypto.ssh;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of SSH CA key this project makes or imports, by the name a mount's config uses. */
public enum SshKeyType {
  ED25519("ed25519"),
  ECDSA_P256("ecdsa-p256"),
  ECDSA_P384("ecdsa-p384"),
  /** RSA; generated at 4096 bits, imported at 2048 bits or more; signs with rsa-sha2-512. */
  RSA("rsa-4096");

  private final String wireName;

  SshKeyType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type named {@code name}, or {@link IllegalArgumentException} listing the names. */
  public static SshKeyType fromWire(String name) {
    for (SshKeyType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("key_type must be one of " + names());
  }

  /** The names, comma-separated, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(SshKeyType::wireName).collect(Collectors.joining(", "));
  }
}
