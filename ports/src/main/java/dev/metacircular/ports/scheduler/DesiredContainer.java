package dev.metacircular.ports.scheduler;

import java.util.Objects;

/** One container the registry wants to exist, and whether it should be running. */
public record DesiredContainer(ContainerSpec spec, boolean running) {

  public DesiredContainer {
    Objects.requireNonNull(spec, "spec");
  }
}
