package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.metacircular.crypto.IntegrityException;
import java.security.GeneralSecurityException;

/**
 * An encryption key ({@link KeyType#AES256_GCM} or {@link KeyType#CHACHA20_POLY1305}):
 * authenticated encryption with associated data and a fresh random nonce on every call.
 *
 * <p>Output is the bare primitive output, {@code nonce(12) || ciphertext || tag(16)}, with no
 * header, so a holder of the exported raw key can decrypt it with any standard implementation (JCA
 * {@code AES/GCM/NoPadding} or {@code ChaCha20-Poly1305}) passing the same associated data. A
 * random 96-bit nonce bounds one key to about 2^32 encryptions: rotate well before that.
 */
public final class AeadKeyset extends TinkKey<Aead> implements KeysetKey {

  /** Bytes added to the plaintext: 12-byte nonce and 16-byte tag. */
  public static final int OVERHEAD = 28;

  private static final byte[] EMPTY = new byte[0];

  AeadKeyset(KeyType type, KeysetHandle handle) {
    super(type, handle, Aead.class);
  }

  /** Encrypts {@code plaintext} bound to {@code associatedData} (null means empty). */
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
    Aead a = live();
    try {
      return a.encrypt(plaintext, associatedData == null ? EMPTY : associatedData);
    } catch (GeneralSecurityException e) {
      // Only reachable for inputs beyond the cipher's limits; never carry the JCA message.
      throw new IllegalStateException("encryption failed");
    }
  }

  /**
   * The plaintext, or {@link IntegrityException} for a wrong key, wrong associated data, or
   * tampered or truncated input: one generic failure, so the cause never leaks.
   */
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
    Aead a = live();
    try {
      return a.decrypt(ciphertext, associatedData == null ? EMPTY : associatedData);
    } catch (GeneralSecurityException e) {
      throw new IntegrityException();
    }
  }
}
