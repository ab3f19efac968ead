package dev.metacircular.domain.master;

import dev.metacircular.ports.scheduler.Names;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.out.AgentClient;
import java.util.Objects;

/**
 * A configured node ({@code [[nodes]]}): its name, the agent's address ({@code host:port}), the
 * role the configuration declares (null: whatever the agent reports), and the client to reach it.
 */
public record NodeConnection(String name, String address, NodeRole role, AgentClient agent) {

  public NodeConnection {
    Names.requireName(name, "node name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(agent, "agent");
  }

  /** The host part of the address: where the node's published ports are reached. */
  public String host() {
    String a = address.startsWith("https://") ? address.substring("https://".length()) : address;
    int colon = a.lastIndexOf(':');
    String host = colon < 0 ? a : a.substring(0, colon);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
