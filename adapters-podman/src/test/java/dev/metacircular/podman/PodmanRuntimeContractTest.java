package dev.metacircular.podman;

import dev.metacircular.ports.contract.ContainerRuntimeContract;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import java.util.List;

/** The container runtime contract against real Podman. */
class PodmanRuntimeContractTest extends ContainerRuntimeContract {

  private static final PodmanRuntime RUNTIME = TestPodman.runtime();
  private final String node = TestPodman.uniqueNode();

  @Override
  protected ContainerRuntime runtime() {
    return RUNTIME;
  }

  @Override
  protected String node() {
    return node;
  }

  @Override
  protected ImageReference localImage() {
    return TestPodman.BUSYBOX;
  }

  @Override
  protected List<String> longRunningCommand() {
    return List.of("/bin/busybox", "sleep", "300");
  }

  @Override
  protected void createUnmanaged(String name) {
    TestPodman.run(
        List.of(
            "podman",
            "create",
            "--name",
            name,
            TestPodman.BUSYBOX.value(),
            "/bin/busybox",
            "true"));
  }

  @Override
  protected void removeUnmanaged(String name) {
    TestPodman.run(List.of("podman", "rm", "--force", "--ignore", name));
  }

  @Override
  protected void awaitSubscribed() throws InterruptedException {
    // `podman events` needs a moment to start reading the events file.
    Thread.sleep(700);
  }
}
