package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.SsoClientRegistration;
import java.util.List;

/**
 * Inbound port: registering services as SSO clients. Every call requires an admin caller and every
 * change is audited.
 *
 * <p>Clients are confidential (Keycloak's "client authentication: on"): the server generates a
 * 256-bit client secret at registration, returns it once and keeps only its SHA-256. The client
 * presents it at the token endpoint.
 */
public interface SsoClientAdminUseCase {

  /**
   * Registers a client. {@code InvalidInput} for a bad id, service name or redirect URI; {@code
   * Conflict} when the client id exists.
   */
  SsoClientRegistration register(
      Caller caller, String clientId, String serviceName, List<String> redirectUris);

  List<SsoClient> list(Caller caller);

  /** {@code NotFound} when there is no such client. */
  SsoClient get(Caller caller, String clientId);

  /** Replaces the service name and redirect URIs; the secret stays. */
  SsoClient update(Caller caller, String clientId, String serviceName, List<String> redirectUris);

  /** A new secret; the old one stops working at once. */
  SsoClientRegistration rotateSecret(Caller caller, String clientId);

  /** Deletes the client and its outstanding codes. {@code NotFound} when it does not exist. */
  void delete(Caller caller, String clientId);
}
