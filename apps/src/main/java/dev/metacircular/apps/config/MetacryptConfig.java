package dev.metacircular.apps.config;

import dev.metacircular.crypto.Argon2Parameters;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The crypto service's validated configuration.
 *
 * @param grpcListen where the gRPC server listens ({@code [server] grpc_addr}, or {@code
 *     $PORT_GRPC}), or null for no gRPC server
 * @param identity how to reach the identity service, or null when it runs in the same process (dev
 *     mode)
 * @param sealKdf the Argon2id cost for init (null: the defaults t=3, 128 MiB, 4 lanes)
 * @param sso {@code [sso]}, or null when SSO is not configured (the web UI then shows the direct
 *     credentials form)
 * @param source the file it was read from (messages only)
 * @param pkiBaseUrl {@code [pki] base_url}: where relying parties reach this service's CRLs and
 *     OCSP responder (written into every certificate a {@code ca} mount issues), or null for the
 *     server's own address
 * @param tlsIssuing {@code [tls]}: the server's certificate comes from a crypto service's CA and is
 *     renewed while it runs, or null when {@code tls_cert}/{@code tls_key} are the operator's files
 * @param metrics {@code [metrics]}: the loopback metrics listener, if any; never null
 */
public record MetacryptConfig(
    ListenAddress listen,
    ListenAddress grpcListen,
    Path tlsCert,
    Path tlsKey,
    Path databasePath,
    Identity identity,
    Argon2Parameters sealKdf,
    Sso sso,
    Path source,
    URI pkiBaseUrl,
    TlsIssuing tlsIssuing,
    MetricsConfig metrics) {

  public MetacryptConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(databasePath, "databasePath");
  }

  /**
   * This service as an SSO client of the identity service.
   *
   * @param redirectUri the registered {@code /sso/callback} URL, exactly as registered
   * @param clientId the registered client id
   * @param clientSecretFile a file holding the client secret (mode 0600; one line)
   * @param identityUrl the identity service as browsers reach it
   */
  public record Sso(URI redirectUri, String clientId, Path clientSecretFile, URI identityUrl) {
    public Sso {
      Objects.requireNonNull(redirectUri, "redirectUri");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecretFile, "clientSecretFile");
      Objects.requireNonNull(identityUrl, "identityUrl");
    }
  }

  /** The identity service this one delegates authentication to. */
  public record Identity(URI serverUrl, Path caCert, String serviceName, List<String> tags) {
    public Identity {
      Objects.requireNonNull(serverUrl, "serverUrl");
      Objects.requireNonNull(serviceName, "serviceName");
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }
}
