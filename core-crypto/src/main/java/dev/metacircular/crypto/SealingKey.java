package dev.metacircular.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An AES-256-GCM key with an id, sealing into the versioned {@link SealedFormat}.
 *
 * <p>There is no nonce parameter: every {@link #seal} draws a fresh random 96-bit nonce. With
 * random nonces one key should seal at most about 2<sup>32</sup> values (NIST SP 800-38D); rotate
 * keys (new key id) well before that. {@link #open} either returns the exact plaintext or throws
 * {@link IntegrityException}; it never returns unauthenticated bytes.
 *
 * <p>The GCM associated data is {@code header(5) || uint32_be(len(aad)) || aad}, so the version and
 * key id are authenticated and (header, aad) cannot be re-split. A {@code null} associated data is
 * the same as an empty one.
 *
 * <p>The constructor copies the key; the caller keeps (and should destroy) its own {@link
 * SecretBytes}. Thread safe: each call borrows a {@link Cipher} from a small per-key pool ({@code
 * Cipher.getInstance} costs more than sealing a small value). Pooled ciphers hold the provider's
 * copy of the key schedule, so {@link #destroy} drains the pool and re-keys every pooled cipher
 * with a throwaway key before dropping it: destroying the key leaves no schedule of it in a cipher
 * this class still holds.
 */
public final class SealingKey implements AutoCloseable {

  public static final int KEY_LENGTH = 32;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_POOLED = 16;

  private final int keyId;
  private final SecretBytes key;
  private final SecretKey jcaKey;
  private final ConcurrentLinkedDeque<Cipher> pool = new ConcurrentLinkedDeque<>();
  private final AtomicInteger pooled = new AtomicInteger();

  /**
   * @param keyId any int; written into every sealed value and checked on open
   * @param key 32 bytes; copied, so the caller may destroy it afterwards
   */
  public SealingKey(int keyId, SecretBytes key) {
    if (key == null || key.length() != KEY_LENGTH) {
      throw new IllegalArgumentException("sealing key must be " + KEY_LENGTH + " bytes");
    }
    this.keyId = keyId;
    this.key = key.withBytes(SecretBytes::copyOf);
    this.jcaKey = new LentAesKey(this.key);
  }

  /** A new random key. */
  public static SealingKey generate(int keyId) {
    try (SecretBytes fresh = SecretBytes.random(KEY_LENGTH)) {
      return new SealingKey(keyId, fresh);
    }
  }

  public int keyId() {
    return keyId;
  }

  /** Encrypts and authenticates {@code plaintext}, binding it to {@code associatedData}. */
  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    if (plaintext == null) {
      throw new IllegalArgumentException("plaintext must not be null");
    }
    checkAlive();
    byte[] out = new byte[SealedFormat.OVERHEAD + plaintext.length];
    out[0] = (byte) SealedFormat.VERSION_1;
    SealedFormat.writeInt(out, 1, keyId);
    byte[] nonce = SecureRandoms.bytes(SealedFormat.NONCE_LENGTH);
    System.arraycopy(nonce, 0, out, SealedFormat.HEADER_LENGTH, SealedFormat.NONCE_LENGTH);
    Cipher cipher = borrow();
    boolean clean = false;
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE,
          jcaKey,
          new GCMParameterSpec(
              SealedFormat.TAG_LENGTH * 8,
              out,
              SealedFormat.HEADER_LENGTH,
              SealedFormat.NONCE_LENGTH));
      updateAad(cipher, out, associatedData);
      int written =
          cipher.doFinal(
              plaintext,
              0,
              plaintext.length,
              out,
              SealedFormat.HEADER_LENGTH + SealedFormat.NONCE_LENGTH);
      if (written != plaintext.length + SealedFormat.TAG_LENGTH) {
        throw new IllegalStateException("AES-GCM produced an unexpected length");
      }
      clean = true;
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      giveBack(cipher, clean);
    }
  }

  /**
   * Authenticates and decrypts a value made by {@link #seal} with this key and the same associated
   * data.
   *
   * @throws IntegrityException on any failure whatsoever
   */
  public byte[] open(byte[] sealed, byte[] associatedData) {
    checkAlive();
    SealedFormat.checkLength(sealed);
    if ((sealed[0] & 0xff) != SealedFormat.VERSION_1 || SealedFormat.readInt(sealed, 1) != keyId) {
      throw new IntegrityException();
    }
    int bodyOffset = SealedFormat.HEADER_LENGTH + SealedFormat.NONCE_LENGTH;
    Cipher cipher = borrow();
    boolean clean = false;
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          jcaKey,
          new GCMParameterSpec(
              SealedFormat.TAG_LENGTH * 8,
              sealed,
              SealedFormat.HEADER_LENGTH,
              SealedFormat.NONCE_LENGTH));
      updateAad(cipher, sealed, associatedData);
      byte[] plain = cipher.doFinal(sealed, bodyOffset, sealed.length - bodyOffset);
      clean = true;
      return plain;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IntegrityException();
    } finally {
      giveBack(cipher, clean);
    }
  }

  /**
   * A copy of the raw key, for wrapping it under another key (a keyring sealed under a key-wrapping
   * key) and nothing else. The caller owns the array and must wipe it.
   */
  public byte[] exportForWrapping() {
    checkAlive();
    return key.copy();
  }

  /**
   * Wipes the key and scrubs the pooled ciphers; later seal/open throw {@link
   * IllegalStateException}.
   */
  public void destroy() {
    key.destroy();
    for (Cipher cipher = pool.pollFirst(); cipher != null; cipher = pool.pollFirst()) {
      scrub(cipher);
    }
    pooled.set(0);
  }

  private Cipher borrow() {
    Cipher cipher = pool.pollFirst();
    if (cipher != null) {
      pooled.decrementAndGet();
      return cipher;
    }
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * Returns a cipher to the pool after a call that completed normally; one that failed (a bad tag)
   * or that finishes after {@link #destroy} is scrubbed and dropped instead.
   */
  private void giveBack(Cipher cipher, boolean clean) {
    if (clean && !key.isDestroyed() && pooled.incrementAndGet() <= MAX_POOLED) {
      pool.offerFirst(cipher);
      if (key.isDestroyed() && pool.remove(cipher)) {
        scrub(cipher); // destroy() ran while we were putting it back
      }
      return;
    }
    if (clean && !key.isDestroyed()) {
      pooled.decrementAndGet();
    }
    scrub(cipher);
  }

  /** Overwrites the provider's key schedule in {@code cipher} with a throwaway key's. */
  private static void scrub(Cipher cipher) {
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new javax.crypto.spec.SecretKeySpec(new byte[KEY_LENGTH], "AES"),
          new GCMParameterSpec(
              SealedFormat.TAG_LENGTH * 8, SecureRandoms.bytes(SealedFormat.NONCE_LENGTH)));
    } catch (GeneralSecurityException | RuntimeException e) {
      // nothing more can be done for this cipher; it is dropped either way
    }
  }

  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "SealingKey[id=" + keyId + ", key=redacted]";
  }

  private void checkAlive() {
    if (key.isDestroyed()) {
      throw new IllegalStateException("secret destroyed");
    }
  }

  private static void updateAad(Cipher cipher, byte[] header, byte[] associatedData) {
    byte[] aad = associatedData == null ? EMPTY : associatedData;
    cipher.updateAAD(header, 0, SealedFormat.HEADER_LENGTH);
    byte[] length = new byte[4];
    SealedFormat.writeInt(length, 0, aad.length);
    cipher.updateAAD(length);
    cipher.updateAAD(aad);
  }

  /**
   * Presents the key to the JCA without a long-lived {@code SecretKeySpec} copy that could never be
   * wiped: the provider gets a fresh copy per init (SunJCE wipes it after expanding).
   */
  private static final class LentAesKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final transient SecretBytes key;

    LentAesKey(SecretBytes key) {
      this.key = key;
    }

    @Override
    public String getAlgorithm() {
      return "AES";
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return key.copy();
    }

    @Override
    public void destroy() {
      key.destroy();
    }

    @Override
    public boolean isDestroyed() {
      return key.isDestroyed();
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return "AES key [redacted]";
    }
  }
}
