package dev.metacircular.ports.scheduler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the runtime needs to create one managed container: its name ({@code
 * <service>-<component>}), the labels' values, the image, command, environment, bind mounts and
 * published ports. The restart policy is always "no": the agent repairs, not the runtime.
 */
public record ContainerSpec(
    String name,
    String service,
    String component,
    String node,
    ImageReference image,
    List<String> cmd,
    Map<String, String> env,
    List<VolumeMount> volumes,
    List<PublishedPort> ports) {

  public ContainerSpec {
    Objects.requireNonNull(name, "name");
    Names.requireName(service, "service name");
    Names.requireName(component, "component name");
    Names.requireName(node, "node");
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
    volumes = List.copyOf(volumes);
    ports = List.copyOf(ports);
  }

  /**
   * A short digest of everything that shapes the container. The runtime stores it as the {@link
   * ContainerLabels#SPEC} label; reconciliation recreates a container whose label differs.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder();
    text.append(name).append('\n').append(image.value()).append('\n');
    cmd.forEach(c -> text.append("cmd ").append(c.length()).append(':').append(c).append('\n'));
    env.forEach(
        (k, v) ->
            text.append("env ")
                .append(k)
                .append('=')
                .append(v.length())
                .append(':')
                .append(v)
                .append('\n'));
    volumes.forEach(v -> text.append("vol ").append(v.text()).append('\n'));
    ports.forEach(
        p ->
            text.append("port ")
                .append(p.hostAddress())
                .append(':')
                .append(p.hostPort())
                .append(':')
                .append(p.containerPort())
                .append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
