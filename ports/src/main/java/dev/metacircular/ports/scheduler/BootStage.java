package dev.metacircular.ports.scheduler;

import java.util.List;
import java.util.Objects;

/** One stage of the boot order: services started together and checked before the next stage. */
public record BootStage(String name, List<String> services) {

  public BootStage {
    Objects.requireNonNull(name, "name");
    services = List.copyOf(services);
    services.forEach(s -> Names.requireName(s, "boot stage " + name + " service"));
  }
}
