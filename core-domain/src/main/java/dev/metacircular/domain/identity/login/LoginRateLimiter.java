package dev.metacircular.domain.identity.login;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-source-address token buckets for login attempts, checked before any password work.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} buckets are kept, and the least recently used
 * is dropped first. A dropped bucket had been idle longest, so it had (almost always) refilled
 * anyway; spraying many addresses therefore costs the attacker the same as it would without the
 * bound, and cannot grow the map. Embedded callers that give no address share one bucket.
 */
public final class LoginRateLimiter {

  public static final int DEFAULT_MAX_ADDRESSES = 10_000;

  /**
   * The verdict for one attempt. {@code firstRefusal} is true for the first refusal after an
   * admitted attempt, so a flood is audited once, not once per request.
   */
  public record Admission(boolean admitted, Duration retryAfter, boolean firstRefusal) {}

  private final double ratePerSecond;
  private final int burst;
  private final Map<String, Bucket> buckets;

  public LoginRateLimiter(double ratePerSecond, int burst, int maxAddresses) {
    if (!(ratePerSecond > 0) || burst < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("rate, burst and maxAddresses must be positive");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxAddresses;
          }
        };
  }

  public synchronized Admission admit(String address, Instant now) {
    Bucket b = buckets.computeIfAbsent(address == null ? "" : address, a -> new Bucket(burst, now));
    b.refill(now, ratePerSecond, burst);
    if (b.tokens >= 1.0) {
      b.tokens -= 1.0;
      b.refusing = false;
      return new Admission(true, Duration.ZERO, false);
    }
    boolean first = !b.refusing;
    b.refusing = true;
    long waitNanos = (long) Math.ceil((1.0 - b.tokens) / ratePerSecond * 1_000_000_000.0);
    return new Admission(false, Duration.ofNanos(Math.max(1, waitNanos)), first);
  }

  synchronized int trackedAddresses() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    Instant last;
    boolean refusing;

    Bucket(int burst, Instant now) {
      this.tokens = burst;
      this.last = now;
    }

    void refill(Instant now, double ratePerSecond, int burst) {
      if (now.isAfter(last)) {
        Duration idle = Duration.between(last, now);
        // A long idle spell refills completely; the cut-off also keeps toNanos() from overflowing.
        double seconds = idle.getSeconds() > 86_400 ? 86_400 : idle.toNanos() / 1_000_000_000.0;
        tokens = Math.min(burst, tokens + seconds * ratePerSecond);
        last = now;
      }
    }
  }
}
