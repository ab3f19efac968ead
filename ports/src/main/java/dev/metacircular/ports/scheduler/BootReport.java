package dev.metacircular.ports.scheduler;

import java.util.List;
import java.util.Objects;

/** The outcome of running the boot stages. */
public sealed interface BootReport {

  /** Every stage started and passed its checks; {@code stages} in the order they ran. */
  record Completed(List<String> stages) implements BootReport {
    public Completed {
      stages = List.copyOf(stages);
    }
  }

  /**
   * Stage {@code stage} failed: {@code service} failed {@code check} for {@code reason}; later
   * stages were not started. {@code completed} are the stages that passed before it.
   */
  record Failed(List<String> completed, String stage, String service, String check, String reason)
      implements BootReport {
    public Failed {
      completed = List.copyOf(completed);
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
