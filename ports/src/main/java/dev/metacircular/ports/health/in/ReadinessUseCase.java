package dev.metacircular.ports.health.in;

import dev.metacircular.ports.health.Readiness;

/**
 * Inbound port: is this service ready to take traffic ({@code GET /v1/ready})? Public: the answer
 * names only which checks failed and why, never data.
 */
public interface ReadinessUseCase {

  /** Runs every check now (each is cheap: no check writes anything that stays). */
  Readiness check();
}
