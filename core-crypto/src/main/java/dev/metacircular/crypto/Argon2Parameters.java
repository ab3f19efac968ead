package dev.metacircular.crypto;

/**
 * Argon2id cost parameters.
 *
 * @param iterations passes over memory (t)
 * @param memoryKiB memory in KiB (m)
 * @param parallelism lanes (p)
 */
public record Argon2Parameters(int iterations, int memoryKiB, int parallelism) {

  /** OWASP's minimum for Argon2id: t=2, 19 MiB, 1 lane. */
  public static final Argon2Parameters OWASP_MINIMUM = new Argon2Parameters(2, 19456, 1);

  /** Our default, as the reference implementation recommends: t=3, 64 MiB, 4 lanes. */
  public static final Argon2Parameters DEFAULT = new Argon2Parameters(3, 65536, 4);

  public Argon2Parameters {
    if (iterations <= 0) {
      throw new IllegalArgumentException("argon2 iterations must be positive, got " + iterations);
    }
    if (memoryKiB <= 0) {
      throw new IllegalArgumentException("argon2 memoryKiB must be positive, got " + memoryKiB);
    }
    if (parallelism <= 0) {
      throw new IllegalArgumentException("argon2 parallelism must be positive, got " + parallelism);
    }
  }

  /** True when every cost is at least the floor's. */
  public boolean atLeast(Argon2Parameters floor) {
    return iterations >= floor.iterations
        && memoryKiB >= floor.memoryKiB
        && parallelism >= floor.parallelism;
  }
}
