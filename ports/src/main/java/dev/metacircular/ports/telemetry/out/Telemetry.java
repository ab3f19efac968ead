package dev.metacircular.ports.telemetry.out;

import dev.metacircular.ports.telemetry.TelemetryEvent;

/**
 * Outbound port: where a core reports what operators count (sign-ins by outcome, lockouts, tokens,
 * seal state, barrier traffic, engine operations, ACME orders and validations, container repairs
 * and flaps, refused writes). A server wires a metrics adapter ({@code adapters-metrics}); an
 * embedded core and the tests use {@link #NONE}.
 *
 * <p>Implementations must be fast, thread-safe and never throw: a report is made on the request's
 * thread, and a failure to count must not fail the request.
 */
@FunctionalInterface
public interface Telemetry {

  /** Reports nothing: the default of an embedded core. */
  Telemetry NONE = event -> {};

  /** Counts {@code event}. */
  void record(TelemetryEvent event);
}
