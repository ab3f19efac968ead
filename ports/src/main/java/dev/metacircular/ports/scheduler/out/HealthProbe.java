package dev.metacircular.ports.scheduler.out;

import dev.metacircular.ports.scheduler.HealthCheck;
import java.time.Duration;
import java.util.Optional;

/** Outbound port: runs one health check, retrying until it passes or {@code within} has passed. */
public interface HealthProbe {

  /** Empty when the check passed; otherwise why it failed ("connection refused", "HTTP 503"). */
  Optional<String> check(HealthCheck check, Duration within);
}
