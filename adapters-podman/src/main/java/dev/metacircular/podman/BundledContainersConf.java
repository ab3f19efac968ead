package dev.metacircular.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's own {@code containers.conf}: the OCI runtime {@code runc} with the {@code cgroupfs}
 * manager (the default {@code crun} refuses hybrid cgroup layouts), {@code nofile} and {@code
 * nproc} limits within a container host's hard limits, and file-based events (no journald needed
 * for {@code podman events}). Podman reads it from a file named by {@code CONTAINERS_CONF}, so it
 * is written out once to a directory the agent owns.
 */
public final class BundledContainersConf {

  private static final String RESOURCE = "/dev/metacircular/podman/containers.conf";

  private BundledContainersConf() {}

  /** Writes the bundled file into {@code directory} and returns its path. */
  public static Path writeTo(Path directory) {
    try (InputStream in = BundledContainersConf.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("containers.conf missing from adapters-podman");
      }
      Files.createDirectories(directory);
      Path file = directory.resolve("containers.conf");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write containers.conf into " + directory, e);
    }
  }
}
