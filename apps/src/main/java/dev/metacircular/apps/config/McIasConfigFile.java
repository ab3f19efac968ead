package dev.metacircular.apps.config;

import java.util.List;

/**
 * The identity service's configuration exactly as the TOML file (plus environment overrides) spells
 * it: every value optional and unvalidated. Component names, turned into snake case, are the keys
 * ({@code masterKey} is {@code [master_key]}, {@code argon2MemoryKib} is {@code
 * argon2_memory_kib}), so these records are also the list of known keys.
 */
record McIasConfigFile(
    Server server,
    Database database,
    Tokens tokens,
    MasterKey masterKey,
    Security security,
    Webauthn webauthn,
    TlsSection tls,
    MetricsConfig.File metrics) {

  record Server(String listenAddr, String grpcAddr, String tlsCert, String tlsKey) {}

  record Database(String path) {}

  record Tokens(
      String issuer,
      String expiry,
      String serviceExpiry,
      String audience,
      String maxSessionLifetime) {}

  /** Names where the master key comes from; never holds the key itself. */
  record MasterKey(String passphraseEnv, String passphraseFile, String keyfile) {}

  /** The WebAuthn relying party for passkeys. */
  record Webauthn(String rpId, String rpName, List<String> origins) {}

  record Security(
      Integer argon2Time,
      Integer argon2MemoryKib,
      Integer argon2Threads,
      Integer lockoutThreshold,
      String lockoutDuration,
      Double loginRatePerSecond,
      Integer loginBurst,
      String lockoutWindow,
      String knownSourceWindow,
      Integer knownSourceBudget) {}
}
