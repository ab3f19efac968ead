package dev.metacircular.crypto;

/**
 * The byte layout written by {@link SealingKey#seal}:
 *
 * <pre>
 * offset 0      version (0x01)
 * offset 1..4   key id, big-endian
 * offset 5..16  96-bit GCM nonce
 * offset 17..   AES-256-GCM ciphertext followed by the 16-byte tag
 * </pre>
 *
 * The 5-byte header (version and key id) is authenticated as part of the GCM associated data.
 * Reading the header here does not authenticate it; use it only to pick the key to try.
 */
public final class SealedFormat {

  public static final int VERSION_1 = 0x01;
  public static final int HEADER_LENGTH = 5;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;

  /** Bytes added to the plaintext by sealing. */
  public static final int OVERHEAD = HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH;

  private SealedFormat() {}

  /** The format version byte; throws {@link IntegrityException} if too short to be sealed. */
  public static int version(byte[] sealed) {
    checkLength(sealed);
    return sealed[0] & 0xff;
  }

  /** The key id in the header; throws {@link IntegrityException} if too short to be sealed. */
  public static int keyId(byte[] sealed) {
    checkLength(sealed);
    return readInt(sealed, 1);
  }

  static void checkLength(byte[] sealed) {
    if (sealed == null || sealed.length < OVERHEAD) {
      throw new IntegrityException();
    }
  }

  static int readInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  static void writeInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
