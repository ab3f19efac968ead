package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.Objects;

/** A container port published on the node: {@code hostAddress:hostPort -> containerPort}. */
public record PublishedPort(String hostAddress, int hostPort, int containerPort) {

  public PublishedPort {
    Objects.requireNonNull(hostAddress, "hostAddress");
    if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
      throw new DomainException.InvalidInput("published ports must be 1-65535");
    }
  }
}
