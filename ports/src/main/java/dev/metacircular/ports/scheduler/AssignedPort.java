package dev.metacircular.ports.scheduler;

import java.util.Objects;

/** The host port a node gave one route of one component; kept across restarts and redeploys. */
public record AssignedPort(String component, String variable, int hostPort) {

  public AssignedPort {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(variable, "variable");
    if (hostPort < 1 || hostPort > 65535) {
      throw new IllegalArgumentException("host port out of range: " + hostPort);
    }
  }
}
