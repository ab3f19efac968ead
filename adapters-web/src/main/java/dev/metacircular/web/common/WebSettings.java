package dev.metacircular.web.common;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a service's web UI keeps its sessions.
 *
 * @param serviceName the service's name ({@code metacrypt}, {@code mcias}); it names the session
 *     cookie ({@code __Host-metacrypt_session}), because browsers do not separate cookies by port
 *     and two services on one host must not overwrite each other's session
 * @param displayName the name shown in page titles ({@code Metacrypt})
 * @param idleTimeout a session unused this long is gone
 * @param maxLifetime a session is gone this long after it was created, however busy
 * @param maxSessions the most sessions kept at once; beyond it the least recently used goes
 * @param clock the time source (tests move it instead of sleeping)
 */
public record WebSettings(
    String serviceName,
    String displayName,
    Duration idleTimeout,
    Duration maxLifetime,
    int maxSessions,
    Clock clock) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
  public static final int DEFAULT_MAX_SESSIONS = 10_000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  public WebSettings {
    Objects.requireNonNull(serviceName, "serviceName");
    if (!NAME.matcher(serviceName).matches()) {
      throw new IllegalArgumentException("serviceName must match " + NAME);
    }
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    Objects.requireNonNull(clock, "clock");
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || maxLifetime.isNegative()
        || maxLifetime.isZero()) {
      throw new IllegalArgumentException("session timeouts must be positive");
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be positive");
    }
  }

  /** The defaults: 30 minutes idle, 12 hours at most, 10 000 sessions, the system clock. */
  public static WebSettings of(String serviceName, String displayName) {
    return new WebSettings(
        serviceName,
        displayName,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_LIFETIME,
        DEFAULT_MAX_SESSIONS,
        Clock.systemUTC());
  }

  /** The same settings on another clock. */
  public WebSettings withClock(Clock other) {
    return new WebSettings(serviceName, displayName, idleTimeout, maxLifetime, maxSessions, other);
  }

  /**
   * {@code __Host-<service>_session}: the {@code __Host-} prefix makes the browser refuse the
   * cookie unless it is Secure, has {@code Path=/} and no {@code Domain}, so no sibling host can
   * plant or widen it.
   */
  public String cookieName() {
    return "__Host-" + serviceName + "_session";
  }
}
