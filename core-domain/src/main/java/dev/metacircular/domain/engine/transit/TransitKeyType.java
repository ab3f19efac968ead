package dev.metacircular.domain.engine.transit;

import dev.metacircular.crypto.keyset.KeyPurpose;
import dev.metacircular.crypto.keyset.KeyType;
import dev.metacircular.ports.error.DomainException;

/**
 * The key types a transit key can have: the wire name a client gives in {@code create-key}, the
 * crypto key type behind it, and the one-byte code stored in the key record (stable: never
 * renumber).
 */
enum TransitKeyType {
  AES256_GCM("aes256-gcm", KeyType.AES256_GCM, 1),
  CHACHA20_POLY1305("chacha20-poly1305", KeyType.CHACHA20_POLY1305, 2),
  ED25519("ed25519", KeyType.ED25519, 3),
  ECDSA_P256("ecdsa-p256", KeyType.ECDSA_P256, 4),
  HMAC("hmac", KeyType.HMAC_SHA256, 5);

  static final String WIRE_NAMES = "aes256-gcm, chacha20-poly1305, ed25519, ecdsa-p256, hmac";

  private final String wireName;
  private final KeyType keyType;
  private final int code;

  TransitKeyType(String wireName, KeyType keyType, int code) {
    this.wireName = wireName;
    this.keyType = keyType;
    this.code = code;
  }

  String wireName() {
    return wireName;
  }

  KeyType keyType() {
    return keyType;
  }

  KeyPurpose purpose() {
    return keyType.purpose();
  }

  int code() {
    return code;
  }

  /** The type a client named, or {@code InvalidInput} listing the valid names. */
  static TransitKeyType fromWire(String name) {
    for (TransitKeyType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new DomainException.InvalidInput("type must be one of " + WIRE_NAMES);
  }

  /** The type stored under {@code code}, or null for an unknown code. */
  static TransitKeyType fromCode(int code) {
    for (TransitKeyType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
