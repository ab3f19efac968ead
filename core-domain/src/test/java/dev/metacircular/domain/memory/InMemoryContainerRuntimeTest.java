package dev.metacircular.domain.memory;

import dev.metacircular.ports.contract.ContainerRuntimeContract;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import java.util.List;
import java.util.Map;

class InMemoryContainerRuntimeTest extends ContainerRuntimeContract {

  private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/app:v1");

  @Override
  protected ContainerRuntime runtime() {
    return runtime;
  }

  @Override
  protected String node() {
    return "n1";
  }

  @Override
  protected ImageReference localImage() {
    return new ImageReference("localhost/app:v1");
  }

  @Override
  protected List<String> longRunningCommand() {
    return List.of("sleep", "300");
  }

  @Override
  protected void createUnmanaged(String name) {
    runtime.addUnmanaged(
        new ContainerSpec(
            name, "x", "y", "n1", localImage(), List.of(), Map.of(), List.of(), List.of()));
  }

  @Override
  protected void removeUnmanaged(String name) {
    // Nothing outlives the test's runtime.
  }
}
