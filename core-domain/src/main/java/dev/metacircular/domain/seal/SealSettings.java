package dev.metacircular.domain.seal;

import dev.metacircular.crypto.Argon2Parameters;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the seal barrier.
 *
 * @param kdf Argon2id cost chosen at init (stored with the salt, so a later change of the default
 *     never locks an existing barrier); defaults t=3, 128 MiB, 4 lanes
 * @param maxFailedUnseals failed unseals tolerated within {@code failureWindow} (5)
 * @param failureWindow the window failures are counted in (1 minute)
 * @param lockout how long unseal is refused after too many failures (60 s)
 */
public record SealSettings(
    Argon2Parameters kdf, int maxFailedUnseals, Duration failureWindow, Duration lockout) {

  /** The reference's Argon2id parameters for the seal password. */
  public static final Argon2Parameters DEFAULT_KDF = new Argon2Parameters(3, 128 * 1024, 4);

  public static final SealSettings DEFAULTS =
      new SealSettings(DEFAULT_KDF, 5, Duration.ofMinutes(1), Duration.ofSeconds(60));

  public SealSettings {
    Objects.requireNonNull(kdf, "kdf");
    SealConfig.checkBounds(kdf);
    if (maxFailedUnseals < 1) {
      throw new IllegalArgumentException("maxFailedUnseals must be at least 1");
    }
    if (failureWindow.isNegative()
        || failureWindow.isZero()
        || lockout.isNegative()
        || lockout.isZero()) {
      throw new IllegalArgumentException("failureWindow and lockout must be positive");
    }
  }

  /** The same settings with another KDF cost (tests and benchmarks use a cheap one). */
  public SealSettings withKdf(Argon2Parameters newKdf) {
    return new SealSettings(newKdf, maxFailedUnseals, failureWindow, lockout);
  }
}
