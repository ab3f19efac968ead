package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;

/**
 * A bind mount written {@code host:container} or {@code host:container:ro}: both paths absolute,
 * neither with {@code ..}. Whether the host path is allowed on a node is the agent's {@code
 * volume_roots} decision.
 */
public record VolumeMount(String hostPath, String containerPath, boolean readOnly) {

  public VolumeMount {
    requireAbsolute(hostPath, "volume host path");
    requireAbsolute(containerPath, "volume container path");
  }

  /** Parses {@code host:container[:ro|:rw]}. */
  public static VolumeMount parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(":", -1);
    if (parts.length == 2) {
      return new VolumeMount(parts[0], parts[1], false);
    }
    if (parts.length == 3 && (parts[2].equals("ro") || parts[2].equals("rw"))) {
      return new VolumeMount(parts[0], parts[1], parts[2].equals("ro"));
    }
    throw new DomainException.InvalidInput(
        "volume must be host:container or host:container:ro, not \"" + text + "\"");
  }

  /** The mount as written, and as Podman's {@code -v} takes it. */
  public String text() {
    return hostPath + ":" + containerPath + (readOnly ? ":ro" : "");
  }

  private static void requireAbsolute(String path, String what) {
    if (path == null
        || !path.startsWith("/")
        || path.contains(",")
        || path.chars().anyMatch(c -> c < 0x20)
        || ("/" + path + "/").contains("/../")
        || ("/" + path + "/").contains("/./")) {
      throw new DomainException.InvalidInput(
          what + " must be an absolute path without '..', not \"" + path + "\"");
    }
  }
}
