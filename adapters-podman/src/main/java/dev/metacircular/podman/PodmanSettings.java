package dev.metacircular.podman;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Podman: the executable, the {@code containers.conf} to point it at ({@code
 * CONTAINERS_CONF}; null keeps Podman's own), an optional API socket ({@code --url}, for a remote
 * Podman), and the time limits. {@code callTimeout} bounds every call but pulls, which get {@code
 * pullTimeout}.
 */
public record PodmanSettings(
    String executable,
    Path containersConf,
    String socket,
    Duration callTimeout,
    Duration pullTimeout) {

  public PodmanSettings {
    Objects.requireNonNull(executable, "executable");
    socket = socket == null ? "" : socket;
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(pullTimeout, "pullTimeout");
  }

  /** {@code podman} on the path, the given containers.conf, 30 s per call, 10 min per pull. */
  public static PodmanSettings defaults(Path containersConf) {
    return new PodmanSettings(
        "podman", containersConf, "", Duration.ofSeconds(30), Duration.ofMinutes(10));
  }
}
