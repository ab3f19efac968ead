package dev.metacircular.ports.health;

import java.util.List;
import java.util.Objects;

/**
 * Whether a service can do its work now, with every check that failed and why. Liveness is {@code
 * /v1/health} (the process answers); readiness is this: a load balancer or the control plane sends
 * traffic only to a ready service.
 *
 * @param failures the checks that failed, in the order they ran; empty when ready
 */
public record Readiness(List<Failure> failures) {

  public Readiness {
    failures = List.copyOf(failures);
  }

  /** True when no check failed. */
  public boolean ready() {
    return failures.isEmpty();
  }

  /**
   * One failed check.
   *
   * @param check the check's name ({@code storage}, {@code audit}, {@code unsealed}, {@code
   *     identity})
   * @param reason what an operator can act on ({@code storage full}, {@code sealed}...)
   */
  public record Failure(String check, String reason) {
    public Failure {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
