package dev.metacircular.domain.seal;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecureRandoms;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What unseal needs before any key exists: the Argon2id parameters and salt of the seal password,
 * stored in plaintext at {@link #PATH}. Its integrity rests on the keyring it unlocks: a changed
 * salt or cost derives another key-wrapping key, which then fails to open the keyring ("invalid
 * password"). The bounds below keep a tampered cost from exhausting memory or time at unseal.
 */
record SealConfig(Argon2Parameters kdf, byte[] salt) {

  static final String PATH = "core/seal-config";
  static final int SALT_LENGTH = 32;
  private static final int FORMAT = 1;
  private static final int MAX_ITERATIONS = 64;
  private static final int MIN_MEMORY_KIB = 8 * 1024;
  private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
  private static final int MAX_PARALLELISM = 64;

  SealConfig {
    checkBounds(kdf);
    if (salt == null || salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("seal salt must be " + SALT_LENGTH + " bytes");
    }
    salt = salt.clone();
  }

  static SealConfig fresh(Argon2Parameters kdf) {
    return new SealConfig(kdf, SecureRandoms.bytes(SALT_LENGTH));
  }

  /** The same cost with a new salt: rekey never reuses a salt. */
  SealConfig withNewSalt() {
    return fresh(kdf);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  static void checkBounds(Argon2Parameters kdf) {
    if (kdf.iterations() > MAX_ITERATIONS
        || kdf.memoryKiB() < MIN_MEMORY_KIB
        || kdf.memoryKiB() > MAX_MEMORY_KIB
        || kdf.parallelism() > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "seal KDF cost out of bounds (t<="
              + MAX_ITERATIONS
              + ", 8 MiB<=m<=4 GiB, p<="
              + MAX_PARALLELISM
              + ")");
    }
  }

  byte[] encode() {
    return ByteBuffer.allocate(1 + 12 + SALT_LENGTH)
        .put((byte) FORMAT)
        .putInt(kdf.iterations())
        .putInt(kdf.memoryKiB())
        .putInt(kdf.parallelism())
        .put(salt)
        .array();
  }

  static SealConfig decode(byte[] bytes) {
    if (bytes == null || bytes.length != 1 + 12 + SALT_LENGTH || bytes[0] != FORMAT) {
      throw new BarrierIntegrityException(PATH);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    try {
      Argon2Parameters kdf = new Argon2Parameters(in.getInt(), in.getInt(), in.getInt());
      byte[] salt = new byte[SALT_LENGTH];
      in.get(salt);
      return new SealConfig(kdf, salt);
    } catch (IllegalArgumentException e) {
      throw new BarrierIntegrityException(PATH);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealConfig c && c.kdf.equals(kdf) && Arrays.equals(c.salt, salt);
  }

  @Override
  public int hashCode() {
    return kdf.hashCode() * 31 + Arrays.hashCode(salt);
  }

  @Override
  public String toString() {
    return "SealConfig[" + kdf + "]";
  }
}
