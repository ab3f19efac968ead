package dev.metacircular.podman;

import dev.metacircular.ports.scheduler.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Real Podman for tests: the project's containers.conf written under target/, and a busybox image
 * made with {@code podman import} from the machine's static busybox (no registry is reachable).
 */
final class TestPodman {

  static final ImageReference BUSYBOX = new ImageReference("localhost/mcp-busybox:test-1");

  private TestPodman() {}

  static Path containersConf() {
    return BundledContainersConf.writeTo(Path.of("target", "podman").toAbsolutePath());
  }

  static PodmanRuntime runtime() {
    PodmanRuntime runtime = new PodmanRuntime(PodmanSettings.defaults(containersConf()));
    ensureBusybox(runtime);
    return runtime;
  }

  /** A node name for one test run: runs sharing the machine's Podman never collide. */
  static String uniqueNode() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static synchronized void ensureBusybox(PodmanRuntime runtime) {
    if (runtime.hasImage(BUSYBOX)) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "busybox");
      Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
      Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
      Path tar = dir.resolve("busybox.tar");
      run(List.of("tar", "-C", dir.resolve("rootfs").toString(), "-cf", tar.toString(), "."));
      run(List.of("podman", "import", "--quiet", tar.toString(), BUSYBOX.value()));
    } catch (IOException e) {
      throw new IllegalStateException("could not build the busybox test image", e);
    }
  }

  /** {@link #run}, for clean-ups: a command that fails (nothing left to remove) is fine. */
  static void runQuietly(List<String> command) {
    try {
      run(command);
    } catch (IllegalStateException e) {
      // Already gone.
    }
  }

  static String run(List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("CONTAINERS_CONF", containersConf().toString());
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(command + " could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(command + " interrupted", e);
    }
  }
}
