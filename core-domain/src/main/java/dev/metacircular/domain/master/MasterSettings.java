package dev.metacircular.domain.master;

import dev.metacircular.ports.scheduler.BootStage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The master's settings: how often agents are probed, how many missed probes make a node unhealthy
 * (3), the boot stages, and how long each boot health check may take to pass.
 */
public record MasterSettings(
    Duration heartbeatInterval,
    int missesToUnhealthy,
    List<BootStage> bootStages,
    Duration bootCheck) {

  public MasterSettings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || missesToUnhealthy < 1) {
      throw new IllegalArgumentException("heartbeat_interval must be positive");
    }
    bootStages = List.copyOf(bootStages);
    Objects.requireNonNull(bootCheck, "bootCheck");
  }
}
