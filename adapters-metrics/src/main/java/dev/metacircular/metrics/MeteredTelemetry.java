package dev.metacircular.metrics;

import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.out.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cores' reports as Micrometer meters (the catalogue is docs/operations.md "Metrics"). Every
 * label value comes from a closed set or the operator's configuration (see {@link TelemetryEvent}).
 */
final class MeteredTelemetry implements Telemetry {
  private final MeterRegistry registry;
  private final AtomicInteger sealed = new AtomicInteger();

  MeteredTelemetry(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void record(TelemetryEvent event) {
    // Java 17: no pattern switch yet; the events are a sealed set, each handled once below.
    if (event instanceof TelemetryEvent.Login e) {
      count("mc.logins", "sign-ins by outcome", "outcome", e.outcome());
    } else if (event instanceof TelemetryEvent.Lockout) {
      count("mc.lockouts", "accounts locked");
    } else if (event instanceof TelemetryEvent.TokenIssued) {
      count("mc.tokens.issued", "tokens issued");
    } else if (event instanceof TelemetryEvent.TokenValidated e) {
      count("mc.tokens.validated", "token checks", "valid", String.valueOf(e.valid()));
    } else if (event instanceof TelemetryEvent.TokenRevoked) {
      count("mc.tokens.revoked", "tokens revoked");
    } else if (event instanceof TelemetryEvent.SealState e) {
      sealed.set(e.sealed() ? 1 : 0);
      // Registered on the first report, so a service without a barrier has no mc_sealed at all;
      // registering again returns the same gauge.
      registry.gauge("mc.sealed", sealed);
    } else if (event instanceof TelemetryEvent.UnsealAttempt e) {
      count(
          "mc.unseal.attempts", "unseal attempts", "outcome", e.success() ? "success" : "failure");
    } else if (event instanceof TelemetryEvent.BarrierAccess e) {
      count("mc.barrier.operations", "barrier storage reads and writes", "access", e.access());
    } else if (event instanceof TelemetryEvent.EngineOperation e) {
      count(
          "mc.engine.operations",
          "engine operations by mount, operation and outcome",
          "mount",
          e.mount(),
          "operation",
          e.operation(),
          "outcome",
          lower(e.outcome()));
    } else if (event instanceof TelemetryEvent.AcmeOrder e) {
      count("mc.acme.orders", "ACME orders by new status", "status", e.status());
    } else if (event instanceof TelemetryEvent.AcmeValidation e) {
      count(
          "mc.acme.validations",
          "ACME challenge validations",
          "challenge_type",
          e.challengeType(),
          "outcome",
          lower(e.outcome()));
    } else if (event instanceof TelemetryEvent.ContainerRepair) {
      count("mc.container.repairs", "containers restarted");
    } else if (event instanceof TelemetryEvent.ContainerFlap) {
      count("mc.container.flaps", "containers given up on");
    } else if (event instanceof TelemetryEvent.StorageRefused e) {
      count("mc.storage.refusals", "writes the store refused", "problem", e.problem());
    }
  }

  /** Increments the counter {@code name} with the label pairs {@code tags} (name, value...). */
  private void count(String name, String description, Object... tags) {
    Counter.Builder counter = Counter.builder(name).description(description);
    for (int i = 0; i < tags.length; i += 2) {
      Object value = tags[i + 1];
      counter.tag((String) tags[i], value instanceof Enum<?> e ? lower(e) : value.toString());
    }
    counter.register(registry).increment();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
