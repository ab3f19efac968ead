package dev.metacircular.crypto;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Password hashes in the PHC string format of the Argon2 reference implementation: {@code
 * $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (base64 without padding, 16-byte
 * salt, 32-byte hash). Strings written by the {@code argon2} command-line tool, libsodium or the Go
 * platform verify here, and ours verify there.
 *
 * <p>Verification uses the parameters stored in the string, so old hashes keep verifying after the
 * cost is raised; {@link #needsRehash} tells when to re-hash after a successful login. Parameters
 * read from a stored string are capped ({@link #MAX_MEMORY_KIB} etc.) so a tampered row cannot make
 * one login allocate gigabytes.
 */
public final class PasswordHasher {

  static final int SALT_LENGTH = 16;
  static final int HASH_LENGTH = 32;

  /** 2 GiB: RFC 9106's largest recommended setting. */
  static final int MAX_MEMORY_KIB = 2 * 1024 * 1024;

  static final int MAX_ITERATIONS = 64;
  static final int MAX_PARALLELISM = 64;
  static final int MAX_ENCODED_LENGTH = 512;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final Argon2Parameters params;
  private final Argon2Memory memory;

  /**
   * Hashes at {@code params}, the blocks of each derivation borrowed from the process-wide {@link
   * Argon2Memory#shared()}.
   *
   * @throws IllegalArgumentException if {@code params} is below {@link
   *     Argon2Parameters#OWASP_MINIMUM}
   */
  public PasswordHasher(Argon2Parameters params) {
    this(params, Argon2Memory.shared());
  }

  /**
   * Hashes at {@code params}, the blocks of each derivation borrowed from {@code memory} (a server
   * passes one sized to its concurrency cap, keeping sets of {@code params}' memory).
   *
   * @throws IllegalArgumentException if {@code params} is below {@link
   *     Argon2Parameters#OWASP_MINIMUM}
   */
  public PasswordHasher(Argon2Parameters params, Argon2Memory memory) {
    if (memory == null) {
      throw new IllegalArgumentException("argon2 memory must not be null");
    }
    this.memory = memory;
    if (params == null) {
      throw new IllegalArgumentException("argon2 parameters must not be null");
    }
    if (!params.atLeast(Argon2Parameters.OWASP_MINIMUM)) {
      throw new IllegalArgumentException(
          "argon2 parameters "
              + params
              + " are below the OWASP minimum "
              + Argon2Parameters.OWASP_MINIMUM);
    }
    if (params.memoryKiB() > MAX_MEMORY_KIB
        || params.iterations() > MAX_ITERATIONS
        || params.parallelism() > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "argon2 parameters "
              + params
              + " exceed the supported maximum m="
              + MAX_MEMORY_KIB
              + ",t="
              + MAX_ITERATIONS
              + ",p="
              + MAX_PARALLELISM);
    }
    this.params = params;
  }

  public Argon2Parameters parameters() {
    return params;
  }

  /** A fresh PHC string for {@code password} with a random 16-byte salt. */
  public String hash(char[] password) {
    byte[] salt = SecureRandoms.bytes(SALT_LENGTH);
    try (SecretBytes hash = Argon2id.derive(password, salt, params, HASH_LENGTH, memory)) {
      return "$argon2id$v=19$m="
          + params.memoryKiB()
          + ",t="
          + params.iterations()
          + ",p="
          + params.parallelism()
          + "$"
          + B64.encodeToString(salt)
          + "$"
          + hash.withBytes(B64::encodeToString);
    }
  }

  /**
   * True when {@code password} matches {@code phc}. A malformed or unsupported string is simply a
   * mismatch: this method never throws for bad input.
   */
  public boolean verify(char[] password, String phc) {
    if (password == null) {
      return false;
    }
    Optional<Phc> parsed = Phc.parse(phc);
    if (parsed.isEmpty()) {
      return false;
    }
    Phc p = parsed.get();
    try (SecretBytes computed =
        Argon2id.derive(password, p.salt, p.params, p.hash.length, memory)) {
      return computed.withBytes(c -> MessageDigest.isEqual(c, p.hash));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Does the work of a {@link #verify} with this hasher's parameters and throws the result away, so
   * that a login for an unknown (or locked) account costs the same as a real one.
   */
  public void dummyVerify(char[] password) {
    char[] input = password == null ? new char[0] : password;
    byte[] salt = SecureRandoms.bytes(SALT_LENGTH);
    try (SecretBytes computed = Argon2id.derive(input, salt, params, HASH_LENGTH, memory)) {
      computed.withBytes(c -> MessageDigest.isEqual(c, salt));
    }
  }

  /** True when {@code phc} is malformed or was made with weaker parameters than this hasher's. */
  public boolean needsRehash(String phc) {
    Optional<Phc> parsed = Phc.parse(phc);
    return parsed.isEmpty()
        || !parsed.get().params.atLeast(params)
        || parsed.get().salt.length < SALT_LENGTH
        || parsed.get().hash.length < HASH_LENGTH;
  }

  /** A parsed PHC string; only ever built from well-formed, bounded input. */
  private static final class Phc {
    final Argon2Parameters params;
    final byte[] salt;
    final byte[] hash;

    private Phc(Argon2Parameters params, byte[] salt, byte[] hash) {
      this.params = params;
      this.salt = salt;
      this.hash = hash;
    }

    static Optional<Phc> parse(String phc) {
      if (phc == null || phc.length() > MAX_ENCODED_LENGTH) {
        return Optional.empty();
      }
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      String[] parts = phc.split("\\$", -1);
      if (parts.length != 6
          || !parts[0].isEmpty()
          || !parts[1].equals("argon2id")
          || !parts[2].equals("v=19")) {
        return Optional.empty();
      }
      String[] costs = parts[3].split(",", -1);
      if (costs.length != 3) {
        return Optional.empty();
      }
      Integer m = field(costs[0], "m=", MAX_MEMORY_KIB);
      Integer t = field(costs[1], "t=", MAX_ITERATIONS);
      Integer p = field(costs[2], "p=", MAX_PARALLELISM);
      if (m == null || t == null || p == null || m < 8 * p) {
        return Optional.empty();
      }
      byte[] salt = base64(parts[4]);
      byte[] hash = base64(parts[5]);
      if (salt == null
          || hash == null
          || salt.length < Argon2id.MIN_SALT_LENGTH
          || hash.length < Argon2id.MIN_OUTPUT_LENGTH) {
        return Optional.empty();
      }
      return Optional.of(new Phc(new Argon2Parameters(t, m, p), salt, hash));
    }

    private static Integer field(String text, String prefix, int max) {
      if (!text.startsWith(prefix)) {
        return null;
      }
      String digits = text.substring(prefix.length());
      if (digits.isEmpty() || digits.length() > 10 || digits.startsWith("0")) {
        return null;
      }
      for (int i = 0; i < digits.length(); i++) {
        if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
          return null;
        }
      }
      long value = Long.parseLong(digits);
      return value > max ? null : (int) value;
    }

    private static byte[] base64(String text) {
      if (text.isEmpty() || text.indexOf('=') >= 0) {
        return null;
      }
      try {
        byte[] decoded = B64_DECODER.decode(text);
        // reject non-canonical encodings (stray low bits in the last character)
        return B64.encodeToString(decoded).equals(text) ? decoded : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
