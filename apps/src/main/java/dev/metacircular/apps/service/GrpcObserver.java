package dev.metacircular.apps.service;

import dev.metacircular.grpc.GrpcSettings;

/**
 * Something that watches every call of a service's gRPC door from the outside (the metrics): it
 * adds itself to the door's settings. A module contributes one to the set; the gRPC door applies
 * them all. (A function over the settings keeps gRPC's own types out of apps.)
 */
@FunctionalInterface
public interface GrpcObserver {

  /** {@code settings} with this observer added. */
  GrpcSettings observe(GrpcSettings settings);
}
