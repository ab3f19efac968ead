package dev.metacircular.ports.scheduler;

/**
 * The labels that mark a container as managed (seed 003): only containers carrying them are ever
 * listed, changed or removed, so agents can share one runtime and unmanaged containers are safe.
 */
public final class ContainerLabels {

  public static final String SERVICE = "mcp.service";
  public static final String COMPONENT = "mcp.component";
  public static final String NODE = "mcp.node";

  /** The fingerprint of the spec a container was created from: a changed spec is recreated. */
  public static final String SPEC = "mcp.spec";

  private ContainerLabels() {}
}
