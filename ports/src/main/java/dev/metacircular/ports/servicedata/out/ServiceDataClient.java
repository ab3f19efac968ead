package dev.metacircular.ports.servicedata.out;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Outbound port: one agent's service data calls as the master reaches it (the C2 channel's
 * streams), for a migration. The agent's refusals arrive as the same {@code DomainException}s.
 */
public interface ServiceDataClient {

  /** Streams the service's data snapshot into {@code out} (which stays open). */
  void snapshot(String service, OutputStream out);

  /** Sends a snapshot read from {@code archive} to be extracted on the agent's node. */
  void receive(String service, InputStream archive);

  /** Removes the service's received data directory (a failed migration's copy). */
  void discardData(String service);
}
