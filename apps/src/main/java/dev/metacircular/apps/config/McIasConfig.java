package dev.metacircular.apps.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The identity service's validated configuration. Optional settings are null when the file does not
 * set them, which means "the service's built-in default" (see {@code IdentitySettings}).
 *
 * @param listen where the REST server listens ({@code [server] listen_addr}, or {@code $PORT})
 * @param grpcListen where the gRPC server listens ({@code [server] grpc_addr}, or {@code
 *     $PORT_GRPC}), or null for no gRPC server
 * @param tlsCert PEM certificate chain ({@code [server] tls_cert})
 * @param tlsKey PEM private key ({@code [server] tls_key})
 * @param databasePath the SQLite file ({@code [database] path})
 * @param issuer the {@code iss} of every token ({@code [tokens] issuer})
 * @param loginTokenTtl {@code [tokens] expiry}, or null
 * @param serviceTokenTtl {@code [tokens] service_expiry}, or null
 * @param audience {@code [tokens] audience}: the identity service's own name, the audience of
 *     tokens asked for no service and the only one its own API accepts; null for {@code mcias}
 * @param maxSessionLifetime {@code [tokens] max_session_lifetime}: how long after the original
 *     login renewals may keep a session going; null for 7 days
 * @param masterKey {@code [master_key]}
 * @param security {@code [security]}; never null, its fields may be
 * @param webauthn {@code [webauthn]} with its defaults filled in; never null
 * @param source the file this came from
 * @param tlsIssuing {@code [tls]}: the server's certificate comes from a crypto service's CA and is
 *     renewed while it runs, or null when {@code tls_cert}/{@code tls_key} are the operator's files
 * @param metrics {@code [metrics]}: the loopback metrics listener, if any; never null
 */
public record McIasConfig(
    ListenAddress listen,
    ListenAddress grpcListen,
    Path tlsCert,
    Path tlsKey,
    Path databasePath,
    String issuer,
    Duration loginTokenTtl,
    Duration serviceTokenTtl,
    String audience,
    Duration maxSessionLifetime,
    MasterKeyConfig masterKey,
    Security security,
    Webauthn webauthn,
    Path source,
    TlsIssuing tlsIssuing,
    MetricsConfig metrics) {

  public McIasConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(databasePath, "databasePath");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(masterKey, "masterKey");
    security = security == null ? Security.DEFAULTS : security;
    Objects.requireNonNull(webauthn, "webauthn");
  }

  /**
   * The WebAuthn relying party passkeys are bound to.
   *
   * @param rpId the domain ({@code [webauthn] rp_id}; default: the issuer's host)
   * @param rpName shown by browsers ({@code rp_name}; default {@code Metacircular})
   * @param origins exact {@code https://host[:port]} origins of the pages that use passkeys ({@code
   *     origins}; default: the issuer's origin)
   */
  public record Webauthn(String rpId, String rpName, List<String> origins) {
    public Webauthn {
      Objects.requireNonNull(rpId, "rpId");
      Objects.requireNonNull(rpName, "rpName");
      origins = List.copyOf(origins);
    }
  }

  /**
   * Password hashing, lockout and login rate settings; each null means the built-in default.
   *
   * @param argon2Time Argon2id iterations for password hashes
   * @param argon2MemoryKib Argon2id memory for password hashes, in KiB
   * @param argon2Threads Argon2id parallelism for password hashes
   * @param lockoutThreshold failed logins from unknown sources, within {@code lockoutWindow}, that
   *     lock the account for unknown sources (at most 100)
   * @param lockoutDuration how long a lockout lasts
   * @param loginRatePerSecond sustained logins per second per client address
   * @param loginBurst logins a client address may make at once
   * @param lockoutWindow the window failures are counted in
   * @param knownSourceWindow how recent a successful sign-in from an address makes it known
   * @param knownSourceBudget failed logins a known source may make within the window (its own
   *     budget, not spent by failures from elsewhere)
   */
  public record Security(
      Integer argon2Time,
      Integer argon2MemoryKib,
      Integer argon2Threads,
      Integer lockoutThreshold,
      Duration lockoutDuration,
      Double loginRatePerSecond,
      Integer loginBurst,
      Duration lockoutWindow,
      Duration knownSourceWindow,
      Integer knownSourceBudget) {

    public static final Security DEFAULTS =
        new Security(null, null, null, null, null, null, null, null, null, null);

    /** True when any lockout setting is given. */
    public boolean overridesLockout() {
      return lockoutThreshold != null
          || lockoutDuration != null
          || lockoutWindow != null
          || knownSourceWindow != null
          || knownSourceBudget != null;
    }

    /** True when any of the three Argon2 settings is given. */
    public boolean overridesArgon2() {
      return argon2Time != null || argon2MemoryKib != null || argon2Threads != null;
    }
  }
}
