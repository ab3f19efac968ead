package dev.metacircular.ports.scheduler;

import java.util.Objects;

/** One step of a reconciliation plan. */
public sealed interface Action {

  /** The container the step acts on. */
  String container();

  /** Create the container (pulling its image if needed), then start it when {@code start}. */
  record Create(ContainerSpec spec, boolean start) implements Action {
    public Create {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String container() {
      return spec.name();
    }
  }

  /** Remove the container and create it again from a changed spec (a new image...). */
  record Recreate(ContainerSpec spec, boolean start) implements Action {
    public Recreate {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String container() {
      return spec.name();
    }
  }

  /** Start a stopped container. */
  record Start(String container) implements Action {
    public Start {
      Objects.requireNonNull(container, "container");
    }
  }

  /** Stop a running container. */
  record Stop(String container) implements Action {
    public Stop {
      Objects.requireNonNull(container, "container");
    }
  }

  /** Remove a managed container the registry no longer wants. */
  record Remove(String container) implements Action {
    public Remove {
      Objects.requireNonNull(container, "container");
    }
  }
}
