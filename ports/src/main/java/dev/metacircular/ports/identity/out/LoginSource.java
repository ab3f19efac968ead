package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One account's failure budget for one source of login attempts, and when that source last signed
 * in successfully.
 *
 * <p>{@code source} is a client address that once signed in to the account (a known source), or
 * {@link #UNKNOWN_SOURCES}: the single budget every other address shares. Rows exist only for
 * addresses that signed in successfully, so an attacker spraying addresses cannot grow the table.
 *
 * @param lastSuccessAt the last successful sign-in from this source, or null (always null for
 *     {@link #UNKNOWN_SOURCES})
 * @param windowStart the start of the current failure window, or null when no failure counts
 * @param windowFailures failures counted in the current window (attempts in flight included)
 * @param lockedUntil end of this source's lock, or null (the lock for unknown sources is the
 *     account's own {@code lockedUntil}, so this stays null on that row)
 */
public record LoginSource(
    UUID accountId,
    String source,
    Instant lastSuccessAt,
    Instant windowStart,
    int windowFailures,
    Instant lockedUntil) {

  /** The shared budget of every address that has not signed in to the account recently. */
  public static final String UNKNOWN_SOURCES = "*";

  /** Longest source accepted (an IPv6 address with a zone is well under this). */
  public static final int MAX_SOURCE_LENGTH = 255;

  public LoginSource {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(source, "source");
    if (source.isEmpty() || source.length() > MAX_SOURCE_LENGTH) {
      throw new IllegalArgumentException("source must be 1.." + MAX_SOURCE_LENGTH + " characters");
    }
    if (windowFailures < 0) {
      throw new IllegalArgumentException("windowFailures must not be negative");
    }
  }

  /** A source with nothing counted yet. */
  public static LoginSource fresh(UUID accountId, String source) {
    return new LoginSource(accountId, source, null, null, 0, null);
  }
}
