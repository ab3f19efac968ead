package dev.metacircular.domain.scheduler;

import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.out.HealthProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Boot sequencing (seed 003's incident lesson): stages in order; each stage's services are started,
 * then every check of every service in the stage must pass before the next stage starts. The first
 * failure stops the boot and the report names the stage, the service, the check and the reason.
 */
public final class BootSequencer {

  /** Starts a service; empty when it started, else why not. */
  public interface Starter {
    Optional<String> start(String service);
  }

  private BootSequencer() {}

  public static BootReport run(
      List<BootStage> stages,
      Starter starter,
      Function<String, List<HealthCheck>> checksOf,
      HealthProbe probe,
      Duration perCheck) {
    List<String> completed = new ArrayList<>();
    for (BootStage stage : stages) {
      for (String service : stage.services()) {
        Optional<String> refused = starter.start(service);
        if (refused.isPresent()) {
          return new BootReport.Failed(completed, stage.name(), service, "start", refused.get());
        }
      }
      for (String service : stage.services()) {
        for (HealthCheck check : checksOf.apply(service)) {
          Optional<String> failed = probe.check(check, perCheck);
          if (failed.isPresent()) {
            return new BootReport.Failed(
                completed, stage.name(), service, check.describe(), failed.get());
          }
        }
      }
      completed.add(stage.name());
    }
    return new BootReport.Completed(completed);
  }
}
