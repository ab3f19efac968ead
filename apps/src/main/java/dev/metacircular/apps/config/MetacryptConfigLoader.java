package dev.metacircular.apps.config;

import dev.metacircular.crypto.Argon2Parameters;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads the crypto service's TOML configuration (seed 000).
 *
 * <p>Where: {@code --config}, else {@code $METACRYPT_CONFIG}, else {@code ./metacrypt.toml}, else
 * {@code /etc/metacrypt/metacrypt.toml}. Every key can be overridden by {@code
 * METACRYPT_<SECTION>_<KEY>} ({@code METACRYPT_SERVER_LISTEN_ADDR}, {@code
 * METACRYPT_MCIAS_TAGS=env:prod,tier:core}); {@code $PORT} replaces the listen port and wins over
 * both; {@code $PORT_GRPC} likewise the gRPC port ({@code [server] grpc_addr}, optional: no gRPC
 * server without it). Missing required keys fail with the runbook's messages ({@code config:
 * server.tls_cert is required}); {@code mcias.server_url} is required by the server only ({@code mc
 * metacrypt server}), not by the offline commands.
 */
public final class MetacryptConfigLoader {
  public static final String ENV_PREFIX = "METACRYPT";
  public static final String PORT_ENV = "PORT";

  /** Replaces the gRPC listen port; wins over {@code grpc_addr} and its variable. */
  public static final String GRPC_PORT_ENV = "PORT_GRPC";

  public static final String DEFAULT_SERVICE_NAME = "metacrypt";

  private final TomlConfigReader<MetacryptConfigFile> reader;

  public MetacryptConfigLoader(Map<String, String> env, List<Path> defaultLocations) {
    this.reader =
        new TomlConfigReader<>(MetacryptConfigFile.class, ENV_PREFIX, env, defaultLocations);
  }

  /** The runbook's search: {@code ./metacrypt.toml}, then {@code /etc/metacrypt/metacrypt.toml}. */
  public static MetacryptConfigLoader standard(Map<String, String> env) {
    return new MetacryptConfigLoader(
        env, List.of(Path.of("metacrypt.toml"), Path.of("/etc/metacrypt/metacrypt.toml")));
  }

  /** The section/key table. */
  public static Map<String, List<String>> keys() {
    return new TomlConfigReader<>(MetacryptConfigFile.class, ENV_PREFIX, Map.of(), List.of())
        .keys();
  }

  public Path locate(Path explicit) {
    return reader.locate(explicit);
  }

  /** Locates, reads, overrides and validates. */
  public MetacryptConfig load(Path explicit) {
    Path file = locate(explicit);
    return parse(TomlConfigReader.read(file), file);
  }

  /** Parses TOML text that came from {@code source} (used in messages only). */
  public MetacryptConfig parse(String toml, Path source) {
    MetacryptConfigFile raw = reader.parse(toml, source);
    List<String> problems = new ArrayList<>();
    MetacryptConfigFile.Server server =
        raw.server() == null
            ? new MetacryptConfigFile.Server(null, null, null, null)
            : raw.server();
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
    MetacryptConfig.Identity identity = identity(raw.mcias(), problems);
    Argon2Parameters kdf = seal(raw.seal(), problems);
    MetacryptConfig.Sso sso = sso(raw.sso(), raw.mcias(), identity, problems);
    URI pkiBaseUrl =
        raw.pki() == null || raw.pki().baseUrl() == null
            ? null
            : httpsUrl("pki.base_url", raw.pki().baseUrl(), problems);
    TlsIssuing tlsIssuing = TlsIssuing.read(raw.tls(), problems);
    MetricsConfig metrics = MetricsConfig.read(raw.metrics(), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    return new MetacryptConfig(
        listen,
        grpcListen,
        tlsCert,
        tlsKey,
        database,
        identity,
        kdf,
        sso,
        source,
        pkiBaseUrl,
        tlsIssuing,
        metrics);
  }

  /**
   * {@code [sso]}: enabled by {@code redirect_uri} (as in the reference: without it the web UI
   * falls back to the direct credentials form). {@code client_id} defaults to {@code
   * mcias.service_name}, {@code identity_url} to {@code mcias.server_url}; {@code
   * client_secret_file} is required.
   */
  private static MetacryptConfig.Sso sso(
      MetacryptConfigFile.Sso raw,
      MetacryptConfigFile.Mcias mcias,
      MetacryptConfig.Identity identity,
      List<String> problems) {
    if (raw == null || TomlConfigReader.isBlank(raw.redirectUri())) {
      if (raw != null
          && (!TomlConfigReader.isBlank(raw.clientSecretFile())
              || !TomlConfigReader.isBlank(raw.clientId())
              || !TomlConfigReader.isBlank(raw.identityUrl()))) {
        problems.add("sso.redirect_uri is required to enable SSO");
      }
      return null;
    }
    URI redirect = httpsUrl("sso.redirect_uri", raw.redirectUri(), problems);
    if (redirect != null && redirect.getRawFragment() != null) {
      problems.add("sso.redirect_uri must not have a fragment");
    }
    String clientId =
        !TomlConfigReader.isBlank(raw.clientId())
            ? raw.clientId().trim()
            : mcias != null && !TomlConfigReader.isBlank(mcias.serviceName())
                ? mcias.serviceName().trim()
                : DEFAULT_SERVICE_NAME;
    Path secretFile = null;
    if (TomlConfigReader.isBlank(raw.clientSecretFile())) {
      problems.add("sso.client_secret_file is required with sso.redirect_uri");
    } else {
      secretFile = Path.of(raw.clientSecretFile().trim());
    }
    URI identityUrl = null;
    if (!TomlConfigReader.isBlank(raw.identityUrl())) {
      identityUrl = httpsUrl("sso.identity_url", raw.identityUrl(), problems);
    } else if (identity != null) {
      identityUrl = identity.serverUrl();
    } else {
      problems.add("sso needs sso.identity_url or mcias.server_url");
    }
    if (redirect == null || secretFile == null || identityUrl == null) {
      return null;
    }
    return new MetacryptConfig.Sso(redirect, clientId, secretFile, identityUrl);
  }

  private static URI httpsUrl(String name, String value, List<String> problems) {
    try {
      URI url = new URI(value.trim());
      if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
        problems.add(name + " must be an https:// URL with a host");
        return null;
      }
      return url;
    } catch (URISyntaxException e) {
      problems.add(name + " is not a URL: \"" + TomlConfigReader.shorten(value) + "\"");
      return null;
    }
  }

  private static MetacryptConfig.Identity identity(
      MetacryptConfigFile.Mcias raw, List<String> problems) {
    MetacryptConfigFile.Mcias m =
        raw == null ? new MetacryptConfigFile.Mcias(null, null, null, null) : raw;
    if (TomlConfigReader.isBlank(m.serverUrl())) {
      // Only the server needs the identity service (it says so at start); init, rekey and
      // snapshot work on the database file alone.
      return null;
    }
    URI url;
    try {
      url = new URI(m.serverUrl().trim());
    } catch (URISyntaxException e) {
      problems.add(
          "mcias.server_url is not a URL: \"" + TomlConfigReader.shorten(m.serverUrl()) + "\"");
      return null;
    }
    if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      problems.add("mcias.server_url must be an https:// URL with a host (TLS always)");
      return null;
    }
    String serviceName =
        TomlConfigReader.isBlank(m.serviceName()) ? DEFAULT_SERVICE_NAME : m.serviceName().trim();
    Path caCert = TomlConfigReader.isBlank(m.caCert()) ? null : Path.of(m.caCert().trim());
    return new MetacryptConfig.Identity(url, caCert, serviceName, m.tags());
  }

  private static Argon2Parameters seal(MetacryptConfigFile.Seal raw, List<String> problems) {
    if (raw == null
        || (raw.argon2Time() == null
            && raw.argon2MemoryKib() == null
            && raw.argon2Threads() == null)) {
      return null;
    }
    Integer t = TomlConfigReader.atLeast("seal.argon2_time", raw.argon2Time(), 1, problems);
    Integer m =
        TomlConfigReader.atLeast("seal.argon2_memory_kib", raw.argon2MemoryKib(), 8192, problems);
    Integer p = TomlConfigReader.atLeast("seal.argon2_threads", raw.argon2Threads(), 1, problems);
    if (t != null && t > 64) {
      problems.add("seal.argon2_time must be at most 64");
    }
    if (m != null && m > 4 * 1024 * 1024) {
      problems.add("seal.argon2_memory_kib must be at most 4194304 (4 GiB)");
    }
    if (p != null && p > 64) {
      problems.add("seal.argon2_threads must be at most 64");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Argon2Parameters(t == null ? 3 : t, m == null ? 131072 : m, p == null ? 4 : p);
  }
}
