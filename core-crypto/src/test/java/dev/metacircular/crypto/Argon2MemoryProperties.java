package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Reusing block sets changes nothing in the output: derivations that borrow from one small {@link
 * Argon2Memory} (so each set is reused, often after a derivation of another size) match Bouncy
 * Castle's Argon2id and RFC 9106's test vector bit for bit.
 */
class Argon2MemoryProperties {

  /**
   * Two sets kept at 64 KiB: derivations above that get one-off sets, below it reuse a kept one.
   */
  private static final Argon2Memory MEMORY = new Argon2Memory(2, 64);

  @Property(tries = 150)
  void reusedBlocksGiveBouncyCastlesTag(
      @ForAll @Size(max = 48) byte[] password,
      @ForAll @Size(min = 8, max = 32) byte[] salt,
      @ForAll @IntRange(min = 1, max = 3) int iterations,
      @ForAll @IntRange(min = 8, max = 160) int memoryKiB,
      @ForAll @IntRange(min = 1, max = 5) int lanes,
      @ForAll @IntRange(min = 4, max = 80) int tagLength) {
    int m = Math.max(memoryKiB, 8 * lanes);
    byte[] tag = new byte[tagLength];

    ParallelArgon2id.derive(
        password,
        salt,
        new byte[0],
        new byte[0],
        iterations,
        m,
        lanes,
        ParallelArgon2id.threadsFor(lanes),
        MEMORY,
        tag);

    assertThat(tag).isEqualTo(bouncyCastle(password, salt, iterations, m, lanes, tagLength));
    assertThat(MEMORY.peakSets()).isLessThanOrEqualTo(2);
    assertThat(MEMORY.idleBytes()).isLessThanOrEqualTo(2L * 64 * 1024);
  }

  @Property(tries = 20)
  void theRfc9106VectorHoldsOnAReusedSet(@ForAll @IntRange(min = 8, max = 200) int otherMemoryKiB) {
    // A derivation of another size first, so the vector's set is a reused (wiped) one.
    ParallelArgon2id.derive(
        new byte[] {1},
        new byte[8],
        new byte[0],
        new byte[0],
        1,
        otherMemoryKiB,
        1,
        1,
        MEMORY,
        new byte[32]);
    byte[] tag = new byte[32];

    ParallelArgon2id.derive(
        filled(32, 0x01),
        filled(16, 0x02),
        filled(8, 0x03),
        filled(12, 0x04),
        3,
        32,
        4,
        ParallelArgon2id.threadsFor(4),
        MEMORY,
        tag);

    assertThat(HexFormat.of().formatHex(tag))
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  static byte[] bouncyCastle(byte[] password, byte[] salt, int t, int m, int p, int tagLength) {
    var params =
        new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
            .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
            .withIterations(t)
            .withMemoryAsKB(m)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[tagLength];
    generator.generateBytes(password, out);
    return out;
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
