package dev.metacircular.apps.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the identity service's TOML configuration.
 *
 * <p>Where: {@code --config}, else {@code $MCIAS_CONFIG}, else {@code ./mcias.toml}, else {@code
 * /etc/mcias/mcias.toml}. Every key can be overridden by {@code MCIAS_<SECTION>_<KEY>} ({@code
 * MCIAS_SERVER_LISTEN_ADDR}, {@code MCIAS_MASTER_KEY_KEYFILE}); {@code $PORT} replaces the listen
 * port and wins over both, and {@code $PORT_GRPC} likewise the gRPC port ({@code [server]
 * grpc_addr}, optional: no gRPC server without it). Unknown sections and keys are errors, so a typo
 * never silently falls back to a default (see {@link TomlConfigReader}).
 *
 * <p>The environment is a plain map so tests never touch the process environment.
 */
public final class McIasConfigLoader {
  public static final String ENV_PREFIX = "MCIAS";
  public static final String CONFIG_ENV = "MCIAS_CONFIG";
  public static final String PORT_ENV = "PORT";

  /** Replaces the gRPC listen port; wins over {@code grpc_addr} and its variable. */
  public static final String GRPC_PORT_ENV = "PORT_GRPC";

  private final TomlConfigReader<McIasConfigFile> reader;

  public McIasConfigLoader(Map<String, String> env, List<Path> defaultLocations) {
    this.reader = new TomlConfigReader<>(McIasConfigFile.class, ENV_PREFIX, env, defaultLocations);
  }

  /** The standard search: {@code ./mcias.toml}, then {@code /etc/mcias/mcias.toml}. */
  public static McIasConfigLoader standard(Map<String, String> env) {
    return new McIasConfigLoader(
        env, List.of(Path.of("mcias.toml"), Path.of("/etc/mcias/mcias.toml")));
  }

  /** The section/key table ({@code server -> [listen_addr, tls_cert, tls_key]}, ...). */
  public static Map<String, List<String>> keys() {
    return new TomlConfigReader<>(McIasConfigFile.class, ENV_PREFIX, Map.of(), List.of()).keys();
  }

  /** The environment variable that overrides {@code section.key}. */
  public static String envName(String section, String key) {
    return new TomlConfigReader<>(McIasConfigFile.class, ENV_PREFIX, Map.of(), List.of())
        .envName(section, key);
  }

  /** Which file to read: {@code explicit} when given, else the first that exists. */
  public Path locate(Path explicit) {
    return reader.locate(explicit);
  }

  /** Locates, reads, overrides and validates. */
  public McIasConfig load(Path explicit) {
    Path file = locate(explicit);
    return parse(TomlConfigReader.read(file), file);
  }

  /** Parses TOML text that came from {@code source} (used in messages only). */
  public McIasConfig parse(String toml, Path source) {
    return validate(reader.parse(toml, source), source);
  }

  /** As a login's {@code service_name}. */
  private static final int MAX_AUDIENCE = 128;

  private McIasConfig validate(McIasConfigFile raw, Path source) {
    List<String> problems = new ArrayList<>();
    McIasConfigFile.Server server =
        raw.server() == null ? new McIasConfigFile.Server(null, null, null, null) : raw.server();
    McIasConfigFile.Tokens tokens =
        raw.tokens() == null
            ? new McIasConfigFile.Tokens(null, null, null, null, null)
            : raw.tokens();
    McIasConfigFile.Security security =
        raw.security() == null
            ? new McIasConfigFile.Security(
                null, null, null, null, null, null, null, null, null, null)
            : raw.security();

    ListenAddress listen =
        reader.listenAddress("server.listen_addr", server.listenAddr(), PORT_ENV, problems);
    ListenAddress grpcListen =
        reader.optionalListenAddress(
            "server.grpc_addr", server.grpcAddr(), GRPC_PORT_ENV, problems);
    String databaseText = raw.database() == null ? null : raw.database().path();
    Path tlsCert =
        TlsIssuing.serverFile(
            "server.tls_cert", server.tlsCert(), raw.tls(), databaseText, "server.crt", problems);
    Path tlsKey =
        TlsIssuing.serverFile(
            "server.tls_key", server.tlsKey(), raw.tls(), databaseText, "server.key", problems);
    Path database =
        TomlConfigReader.requiredPath(
            "database.path", raw.database() == null ? null : raw.database().path(), problems);
    String issuer = tokens.issuer();
    if (TomlConfigReader.isBlank(issuer)) {
      problems.add("tokens.issuer is required");
    }
    Duration loginTtl =
        TomlConfigReader.positiveDuration("tokens.expiry", tokens.expiry(), problems);
    Duration serviceTtl =
        TomlConfigReader.positiveDuration(
            "tokens.service_expiry", tokens.serviceExpiry(), problems);
    Duration maxSession =
        TomlConfigReader.positiveDuration(
            "tokens.max_session_lifetime", tokens.maxSessionLifetime(), problems);
    String audience = null;
    if (tokens.audience() != null) {
      audience = tokens.audience().trim();
      if (audience.isEmpty() || audience.length() > MAX_AUDIENCE) {
        problems.add(
            "tokens.audience must be a service name of 1 to "
                + MAX_AUDIENCE
                + " characters (default mcias)");
      }
    }
    MasterKeyConfig masterKey = masterKey(raw.masterKey(), problems);
    McIasConfig.Security sec = security(security, problems);
    McIasConfig.Webauthn webauthn =
        webauthn(raw.webauthn(), issuer == null ? null : issuer.trim(), problems);
    MetricsConfig metrics = MetricsConfig.read(raw.metrics(), problems);

    TlsIssuing tlsIssuing = TlsIssuing.read(raw.tls(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    return new McIasConfig(
        listen,
        grpcListen,
        tlsCert,
        tlsKey,
        database,
        issuer.trim(),
        loginTtl,
        serviceTtl,
        audience,
        maxSession,
        masterKey,
        sec,
        webauthn,
        source,
        tlsIssuing,
        metrics);
  }

  /**
   * {@code [webauthn]}, defaulting to the issuer: {@code issuer = "https://auth.example.com"} gives
   * rp_id {@code auth.example.com} and the one origin {@code https://auth.example.com}. An issuer
   * that is not an {@code https} URL with a domain name (WebAuthn refuses IP addresses) falls back
   * to {@code localhost} and {@code https://localhost:8443}, the development setup; production
   * configs set the section explicitly.
   */
  private static McIasConfig.Webauthn webauthn(
      McIasConfigFile.Webauthn raw, String issuer, List<String> problems) {
    McIasConfigFile.Webauthn w = raw == null ? new McIasConfigFile.Webauthn(null, null, null) : raw;
    URI issuerUri = null;
    try {
      issuerUri = issuer == null ? null : new URI(issuer);
    } catch (URISyntaxException e) {
      // Not a URL: the development defaults apply.
    }
    boolean issuerUsable =
        issuerUri != null
            && "https".equalsIgnoreCase(issuerUri.getScheme())
            && issuerUri.getHost() != null
            && !isIpAddress(issuerUri.getHost());
    String rpId =
        !TomlConfigReader.isBlank(w.rpId())
            ? w.rpId().trim()
            : issuerUsable ? issuerUri.getHost() : "localhost";
    if (rpId.contains(":") || rpId.contains("/") || isIpAddress(rpId)) {
      problems.add("webauthn.rp_id must be a domain name (WebAuthn does not allow IP addresses)");
    }
    String rpName = TomlConfigReader.isBlank(w.rpName()) ? "Metacircular" : w.rpName().trim();
    List<String> origins = w.origins();
    if (origins == null || origins.isEmpty()) {
      origins =
          issuerUsable && TomlConfigReader.isBlank(w.rpId())
              ? List.of("https://" + issuerUri.getRawAuthority())
              : List.of("https://" + rpId + (issuerUsable ? "" : ":8443"));
    }
    for (String o : origins) {
      if (o == null || !o.matches("https://[^/?#\\s]+")) {
        problems.add("webauthn.origins entries must be https://host[:port] without a path");
        break;
      }
    }
    return new McIasConfig.Webauthn(rpId, rpName, origins);
  }

  private static boolean isIpAddress(String host) {
    return host.matches("[0-9.]+") || host.startsWith("[");
  }

  private static MasterKeyConfig masterKey(McIasConfigFile.MasterKey raw, List<String> problems) {
    String variable = raw == null ? null : raw.passphraseEnv();
    String passphraseFile = raw == null ? null : raw.passphraseFile();
    String keyfile = raw == null ? null : raw.keyfile();
    List<String> set = new ArrayList<>();
    if (!TomlConfigReader.isBlank(passphraseFile)) {
      set.add("master_key.passphrase_file");
    }
    if (!TomlConfigReader.isBlank(variable)) {
      set.add("master_key.passphrase_env");
    }
    if (!TomlConfigReader.isBlank(keyfile)) {
      set.add("master_key.keyfile");
    }
    if (set.size() > 1) {
      problems.add(String.join(" and ", set) + " are mutually exclusive; set exactly one");
      return null;
    }
    if (set.isEmpty()) {
      problems.add("master_key: set exactly one of passphrase_file, passphrase_env or keyfile");
      return null;
    }
    return switch (set.get(0)) {
      case "master_key.passphrase_file" ->
          new MasterKeyConfig.PassphraseFile(Path.of(passphraseFile.trim()));
      case "master_key.passphrase_env" -> new MasterKeyConfig.PassphraseEnv(variable.trim());
      default -> new MasterKeyConfig.KeyFile(Path.of(keyfile.trim()));
    };
  }

  private static McIasConfig.Security security(
      McIasConfigFile.Security raw, List<String> problems) {
    Integer time = TomlConfigReader.atLeast("security.argon2_time", raw.argon2Time(), 1, problems);
    Integer memory =
        TomlConfigReader.atLeast("security.argon2_memory_kib", raw.argon2MemoryKib(), 8, problems);
    Integer threads =
        TomlConfigReader.atLeast("security.argon2_threads", raw.argon2Threads(), 1, problems);
    Integer threshold =
        TomlConfigReader.atLeast("security.lockout_threshold", raw.lockoutThreshold(), 1, problems);
    if (threshold != null && threshold > 100) {
      // NIST 800-63B: never allow more than 100 consecutive failures.
      problems.add("security.lockout_threshold must be at most 100");
    }
    Duration lockout =
        TomlConfigReader.positiveDuration(
            "security.lockout_duration", raw.lockoutDuration(), problems);
    Double rate = raw.loginRatePerSecond();
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      problems.add("security.login_rate_per_second must be greater than 0");
    }
    Integer burst = TomlConfigReader.atLeast("security.login_burst", raw.loginBurst(), 1, problems);
    Duration window =
        TomlConfigReader.positiveDuration("security.lockout_window", raw.lockoutWindow(), problems);
    Duration knownWindow =
        TomlConfigReader.positiveDuration(
            "security.known_source_window", raw.knownSourceWindow(), problems);
    Integer knownBudget =
        TomlConfigReader.atLeast(
            "security.known_source_budget", raw.knownSourceBudget(), 1, problems);
    if (knownBudget != null && knownBudget > 99) {
      // Unknown sources stop this many failures short of the 100 cap, so it must leave them some.
      problems.add("security.known_source_budget must be at most 99");
    }
    return new McIasConfig.Security(
        time, memory, threads, threshold, lockout, rate, burst, window, knownWindow, knownBudget);
  }
}
