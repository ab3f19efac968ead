package dev.metacircular.apps.config;

import java.util.List;

/**
 * The crypto service's configuration as the TOML file (plus environment overrides) spells it: every
 * value optional and unvalidated; component names in snake case are the keys (seed 000).
 */
record MetacryptConfigFile(
    Server server,
    Database database,
    Mcias mcias,
    Seal seal,
    Sso sso,
    Pki pki,
    TlsSection tls,
    MetricsConfig.File metrics) {

  record Server(String listenAddr, String grpcAddr, String tlsCert, String tlsKey) {}

  record Database(String path) {}

  record Mcias(String serverUrl, String caCert, String serviceName, List<String> tags) {}

  /** Single sign-on through the identity service (the web UI's "Sign in with MCIAS"). */
  record Sso(String redirectUri, String clientId, String clientSecretFile, String identityUrl) {}

  /** The Argon2id cost chosen at init (stored with the salt; later changes affect new inits). */
  record Seal(Integer argon2Time, Integer argon2MemoryKib, Integer argon2Threads) {}

  /** {@code [pki]}: the CA engines' settings. */
  record Pki(String baseUrl) {}
}
