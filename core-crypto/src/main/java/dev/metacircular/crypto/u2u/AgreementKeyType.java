package dev.metacircular.crypto.u2u;

/** The key-agreement curves of user-to-user encryption, by the names a mount's config uses. */
public enum AgreementKeyType {
  X25519("x25519", 1, "X25519", "XDH"),
  P256("p256", 2, "EC", "ECDH");

  private final String wireName;
  private final int code;
  final String keyAlgorithm;
  final String agreement;

  AgreementKeyType(String wireName, int code, String keyAlgorithm, String agreement) {
    this.wireName = wireName;
    this.code = code;
    this.keyAlgorithm = keyAlgorithm;
    this.agreement = agreement;
  }

  public String wireName() {
    return wireName;
  }

  /** The envelope's byte for this curve. */
  public int code() {
    return code;
  }

  public static AgreementKeyType fromWire(String name) {
    for (AgreementKeyType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("key_type must be x25519 or p256");
  }

  static AgreementKeyType fromCode(int code) {
    for (AgreementKeyType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown key type " + code);
  }
}
