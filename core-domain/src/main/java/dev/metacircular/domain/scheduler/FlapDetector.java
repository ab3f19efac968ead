package dev.metacircular.domain.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Flapping: more than {@code maxRestarts} repairs of one service within {@code window} (5 in 10
 * minutes by default). A flapping service is no longer repaired until it is started again by hand,
 * which {@link #reset} records. Not thread-safe: the agent's repair loop is its one caller.
 */
public final class FlapDetector {

  public static final int DEFAULT_MAX_RESTARTS = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

  private final int maxRestarts;
  private final Duration window;
  private final Map<String, Deque<Instant>> restarts = new HashMap<>();

  public FlapDetector(int maxRestarts, Duration window) {
    if (maxRestarts < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("maxRestarts >= 1 and a positive window");
    }
    this.maxRestarts = maxRestarts;
    this.window = window;
  }

  /** Records a repair of {@code service} at {@code now}; true when it is now flapping. */
  public boolean recordRestart(String service, Instant now) {
    Deque<Instant> times = restarts.computeIfAbsent(service, s -> new ArrayDeque<>());
    times.addLast(now);
    Instant horizon = now.minus(window);
    while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
      times.removeFirst();
    }
    return times.size() > maxRestarts;
  }

  /** The repairs of {@code service} counted in the window ending at {@code now}. */
  public int restartsWithin(String service, Instant now) {
    Instant horizon = now.minus(window);
    Deque<Instant> times = restarts.getOrDefault(service, new ArrayDeque<>());
    return (int) times.stream().filter(t -> !t.isBefore(horizon)).count();
  }

  /** Forgets the repairs of {@code service} (started again by hand, or undeployed). */
  public void reset(String service) {
    restarts.remove(service);
  }

  /** Why a service counts as flapping, for its event and status. */
  public String reason() {
    return "more than " + maxRestarts + " restarts in " + window.toMinutes() + " minutes";
  }
}
