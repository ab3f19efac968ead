package dev.metacircular.ports.scheduler;

import java.util.Objects;

/**
 * A managed container as the runtime reports it: name, labels' values, image, state, and the
 * fingerprint of the spec it was created from ({@code ""} when the label is missing).
 */
public record ObservedContainer(
    String name,
    String service,
    String component,
    String node,
    String image,
    ContainerState state,
    String specFingerprint) {

  public ObservedContainer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(state, "state");
    specFingerprint = specFingerprint == null ? "" : specFingerprint;
  }
}
