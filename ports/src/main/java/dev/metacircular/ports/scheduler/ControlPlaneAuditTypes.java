package dev.metacircular.ports.scheduler;

/** The audit event types of the control plane (agent and master); refusals use request_refused. */
public final class ControlPlaneAuditTypes {

  public static final String SERVICE_DEPLOYED = "mcp_service_deployed";
  public static final String SERVICE_STARTED = "mcp_service_started";
  public static final String SERVICE_STOPPED = "mcp_service_stopped";
  public static final String SERVICE_RESTARTED = "mcp_service_restarted";
  public static final String SERVICE_UNDEPLOYED = "mcp_service_undeployed";
  public static final String SERVICE_REPAIRED = "mcp_service_repaired";
  public static final String SERVICE_FLAPPING = "mcp_service_flapping";
  public static final String SERVICE_MIGRATED = "mcp_service_migrated";
  public static final String SERVICE_DATA_SNAPSHOT = "mcp_service_data_snapshot";
  public static final String SERVICE_DATA_RECEIVED = "mcp_service_data_received";
  public static final String SERVICE_DATA_DISCARDED = "mcp_service_data_discarded";
  public static final String NODE_RECOVERED = "mcp_node_recovered";
  public static final String NODE_HEALTH_CHANGED = "mcp_node_health_changed";
  public static final String BOOT_RUN = "mcp_boot_run";

  private ControlPlaneAuditTypes() {}
}
