package dev.metacircular.crypto.keyset;

import dev.metacircular.crypto.SecretBytes;

/**
 * One key of a {@link KeyType}, held as a Tink keyset of exactly one enabled, primary key with the
 * RAW output prefix, together with its ready-to-use primitive. No Tink type appears in this API, so
 * the domain never depends on Tink directly.
 *
 * <p>The subtype follows the key type's {@link KeyPurpose}: {@link AeadKeyset}, {@link
 * SigningKeyset} or {@link MacKeyset}. Instances are immutable apart from {@link #destroy()} and
 * safe to share between threads: the Tink primitives they hold are thread-safe and are built once,
 * so the per-call cost is the cryptography alone.
 */
public sealed interface KeysetKey permits AeadKeyset, SigningKeyset, MacKeyset {

  /** A fresh random key of {@code type}. */
  static KeysetKey generate(KeyType type) {
    return TinkKeysets.wrap(type, TinkKeysets.generate(type));
  }

  /**
   * A key from the bytes {@link #serializeCleartext()} produced. {@code IllegalArgumentException}
   * ("invalid keyset") when the bytes are not a keyset of exactly one enabled, primary key of
   * {@code type} with the RAW output prefix. The caller keeps (and should wipe) {@code bytes}.
   */
  static KeysetKey parse(KeyType type, byte[] bytes) {
    return TinkKeysets.wrap(type, TinkKeysets.parse(type, bytes));
  }

  KeyType type();

  /**
   * The keyset in Tink's binary keyset format, <strong>secret key material in the clear</strong>.
   * Store these bytes only behind an encryption layer (the seal barrier) and wipe the array once
   * written; never log or return them to a client.
   */
  byte[] serializeCleartext();

  /**
   * The raw secret key, for callers that let a key leave the service (key export): the 32-byte key
   * for AES-256-GCM, ChaCha20-Poly1305 and HMAC-SHA256; the 32-byte RFC 8032 private key (seed) for
   * Ed25519; the 32-byte big-endian private scalar for ECDSA P-256. The caller owns and should
   * destroy the holder.
   */
  SecretBytes exportRawKey();

  /**
   * Drops this object's references to the keyset and its primitive; every later use throws {@code
   * IllegalStateException}. Tink keeps key bytes inside immutable objects (and the JCA keeps
   * expanded keys in its ciphers) that cannot be zero-filled from outside, so those copies become
   * unreachable and are reclaimed by the garbage collector rather than wiped. Idempotent.
   */
  void destroy();

  boolean isDestroyed();
}
