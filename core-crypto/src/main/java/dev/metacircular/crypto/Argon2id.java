package dev.metacircular.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Argon2id (RFC 9106, version 0x13) key derivation, its lanes computed on parallel threads (one per
 * lane up to the number of processors; see {@link ParallelArgon2id}).
 *
 * <p>The passphrase is encoded as UTF-8 (unpaired surrogates become {@code ?}, as {@link
 * String#getBytes} would do) into a temporary array that is wiped before returning.
 */
public final class Argon2id {

  /** RFC 9106 minimums. */
  static final int MIN_SALT_LENGTH = 8;

  static final int MIN_OUTPUT_LENGTH = 4;

  /** RFC 9106: at most 2^24 - 1 lanes. */
  static final int MAX_PARALLELISM = 0xFFFFFF;

  private static final byte[] NONE = new byte[0];

  private Argon2id() {}

  /**
   * The {@code outputLength}-byte Argon2id key of {@code passphrase}, its blocks borrowed from the
   * {@linkplain Argon2Memory#shared() process-wide memory} (at most one set per processor, none
   * kept between derivations): for one-off derivations such as an unseal.
   */
  public static SecretBytes derive(
      char[] passphrase, byte[] salt, Argon2Parameters p, int outputLength) {
    return derive(passphrase, salt, p, outputLength, Argon2Memory.shared());
  }

  /**
   * As above, the blocks borrowed from {@code memory}: when all of its sets are in use, this waits
   * for one rather than allocating.
   */
  public static SecretBytes derive(
      char[] passphrase, byte[] salt, Argon2Parameters p, int outputLength, Argon2Memory memory) {
    if (memory == null) {
      throw new IllegalArgumentException("argon2 memory must not be null");
    }
    if (passphrase == null) {
      throw new IllegalArgumentException("passphrase must not be null");
    }
    if (salt == null || salt.length < MIN_SALT_LENGTH) {
      throw new IllegalArgumentException(
          "argon2 salt must be at least " + MIN_SALT_LENGTH + " bytes");
    }
    if (p == null) {
      throw new IllegalArgumentException("argon2 parameters must not be null");
    }
    if (outputLength < MIN_OUTPUT_LENGTH) {
      throw new IllegalArgumentException(
          "argon2 output length must be at least " + MIN_OUTPUT_LENGTH);
    }
    if (p.parallelism() > MAX_PARALLELISM) {
      throw new IllegalArgumentException("argon2 parallelism must be at most " + MAX_PARALLELISM);
    }
    if (p.memoryKiB() < 8 * p.parallelism()) {
      throw new IllegalArgumentException("argon2 memoryKiB must be at least 8 x parallelism");
    }
    byte[] password = utf8(passphrase);
    byte[] out = new byte[outputLength];
    try {
      ParallelArgon2id.derive(
          password,
          salt.clone(),
          NONE,
          NONE,
          p.iterations(),
          p.memoryKiB(),
          p.parallelism(),
          ParallelArgon2id.threadsFor(p.parallelism()),
          memory,
          out);
      return SecretBytes.wrap(out);
    } catch (RuntimeException | Error e) {
      Arrays.fill(out, (byte) 0);
      throw e;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** UTF-8 bytes of {@code chars} in an exact-length array; intermediate buffers are wiped. */
  static byte[] utf8(char[] chars) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(chars));
    } catch (CharacterCodingException e) {
      // unreachable with REPLACE; never echo the input
      throw new IllegalArgumentException("passphrase cannot be encoded");
    }
    byte[] exact = new byte[buffer.remaining()];
    buffer.get(exact);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return exact;
  }
}
