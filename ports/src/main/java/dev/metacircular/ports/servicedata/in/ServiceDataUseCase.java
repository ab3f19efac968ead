package dev.metacircular.ports.servicedata.in;

import dev.metacircular.ports.auth.Caller;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Inbound port: one node's service data directories ({@code <service_root>/<service>/}) as the
 * archives a migration moves (see {@link dev.metacircular.ports.servicedata.out.ServiceData}). Kept
 * apart from the scheduler's ports, which carry no streams, so the scheduler stays free of I/O
 * types. Admins and the agent's {@code allowed_accounts} only; every call is audited.
 */
public interface ServiceDataUseCase {

  /**
   * Writes the archive of the service's data directory to {@code out}; the service must be deployed
   * on this node ({@code NotFound} otherwise).
   */
  void snapshot(Caller caller, String service, OutputStream out);

  /**
   * Extracts a snapshot into {@code <service_root>/<service>/} of this node; refused ({@code
   * Conflict}) when that directory exists and is not empty or the service is already deployed here.
   */
  void receive(Caller caller, String service, InputStream archive);

  /**
   * Removes the service's data directory on this node, which a failed migration received; refused
   * ({@code Conflict}) while the service is deployed here.
   */
  void discardData(Caller caller, String service);
}
