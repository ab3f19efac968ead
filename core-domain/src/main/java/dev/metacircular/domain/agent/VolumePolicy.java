package dev.metacircular.domain.agent;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.util.List;

/**
 * What a service may mount: only directories under the node's {@code volume_roots} (default {@code
 * /srv}). A definition mounting anything else ({@code /}, {@code /etc}, the Podman socket) is
 * refused with that reason; since nothing else reaches the container (no privileged mode, no host
 * network, no added capabilities: the runtime adapter never passes them), this is the one door a
 * definition has to the host.
 */
final class VolumePolicy {

  private VolumePolicy() {}

  static void check(ServiceDefinition definition, List<String> roots) {
    for (Component component : definition.components()) {
      for (VolumeMount volume : component.volumes()) {
        if (roots.stream().noneMatch(root -> under(volume.hostPath(), root))) {
          throw new DomainException.InvalidInput(
              "component "
                  + component.name()
                  + ": volume "
                  + volume.text()
                  + " is outside the node's volume_roots ("
                  + String.join(", ", roots)
                  + ")");
        }
      }
    }
  }

  /** Whether {@code path} is {@code root} or below it (paths are absolute, without '..'). */
  static boolean under(String path, String root) {
    String r =
        root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (r.equals("/")) {
      return true;
    }
    return p.equals(r) || p.startsWith(r + "/");
  }
}
