package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.Test;

/**
 * The parallel Argon2id computes the same function as Bouncy Castle's generator (which it replaced)
 * and as RFC 9106's test vector, whatever the number of threads.
 */
class ParallelArgon2idTest {

  @Test
  void matchesTheRfc9106Argon2idTestVectorOnAnyNumberOfThreads() {
    // RFC 9106 §5.3: t=3, m=32 KiB, p=4, 32-byte tag, with secret and associated data.
    byte[] password = filled(32, 0x01);
    byte[] salt = filled(16, 0x02);
    byte[] secret = filled(8, 0x03);
    byte[] associatedData = filled(12, 0x04);
    String expected = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

    for (int threads = 1; threads <= 5; threads++) {
      byte[] tag = new byte[32];
      ParallelArgon2id.derive(password, salt, secret, associatedData, 3, 32, 4, threads, tag);
      assertThat(HexFormat.of().formatHex(tag)).as("%d thread(s)", threads).isEqualTo(expected);
    }
  }

  @Test
  void matchesBouncyCastleAcrossPassesMemoryLanesThreadsAndTagLengths() {
    Random random = new Random(20261123);
    int[][] cases = {
      // t, m (KiB), p, tag length
      {1, 8, 1, 32}, {2, 16, 2, 4}, {3, 32, 4, 32}, {1, 37, 1, 64}, {2, 100, 3, 65},
      {3, 64, 4, 128}, {1, 256, 4, 100}, {4, 96, 5, 32}, {2, 200, 8, 16}, {1, 1024, 4, 32},
      {3, 128, 2, 1024}, {2, 72, 9, 33},
    };
    for (int[] c : cases) {
      byte[] password = new byte[random.nextInt(40)];
      byte[] salt = new byte[8 + random.nextInt(24)];
      random.nextBytes(password);
      random.nextBytes(salt);
      byte[] expected = bouncyCastle(password, salt, c[0], c[1], c[2], c[3]);
      for (int threads : new int[] {1, 2, c[2]}) {
        byte[] tag = new byte[c[3]];
        ParallelArgon2id.derive(
            password, salt, new byte[0], new byte[0], c[0], c[1], c[2], threads, tag);
        assertThat(tag)
            .as("t=%d m=%d p=%d T=%d on %d thread(s)", c[0], c[1], c[2], c[3], threads)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void argon2idDeriveIsTheSameFunctionAsBefore() {
    char[] password = "correct horse battery staple".toCharArray();
    byte[] salt = "a salt of 16 b..".getBytes(StandardCharsets.US_ASCII);
    Argon2Parameters p = new Argon2Parameters(3, 4096, 4);

    try (SecretBytes derived = Argon2id.derive(password, salt, p, 32)) {
      byte[] expected =
          bouncyCastle(new String(password).getBytes(StandardCharsets.UTF_8), salt, 3, 4096, 4, 32);
      assertThat(derived.withBytes(byte[]::clone)).isEqualTo(expected);
    }
  }

  @Test
  void theThreadsNeverExceedTheLanesOrTheProcessors() {
    int cpus = Runtime.getRuntime().availableProcessors();

    assertThat(ParallelArgon2id.threadsFor(1)).isEqualTo(1);
    assertThat(ParallelArgon2id.threadsFor(4)).isEqualTo(Math.min(4, cpus));
    assertThat(ParallelArgon2id.threadsFor(64)).isEqualTo(Math.min(64, cpus));
  }

  @Test
  void tooManyLanesAreRefused() {
    assertThatThrownBy(
            () ->
                Argon2id.derive(
                    "pw".toCharArray(),
                    new byte[16],
                    new Argon2Parameters(1, Integer.MAX_VALUE, 0x1000000),
                    32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parallelism");
  }

  private static byte[] bouncyCastle(
      byte[] password, byte[] salt, int t, int m, int p, int tagLength) {
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
