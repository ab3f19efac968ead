package dev.metacircular.apps.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads the identity service's TOML configuration.
 *
 * <p>Where: {@code --config}, else {@code $MCIAS_CONFIG}, else {@code ./mcias.toml}, else
 * {@code /etc/mcias/mcias.toml}. Every key can be overridden by {@code MCIAS_<SECTION>_<KEY>}
 * ({@code MCIAS_SERVER_LISTEN_ADDR}, {@code MCIAS_MASTER_KEY_KEYFILE}); {@code $PORT} replaces the
 * listen port and wins over both. Unknown sections and keys are errors, so a typo never silently
 * falls back to a default.
 *
 * <p>The environment is a plain map so tests never touch the process environment.
 */
public final class McIasConfigLoader {
  public static final String ENV_PREFIX = "MCIAS";
  public static final String CONFIG_ENV = "MCIAS_CONFIG";
  public static final String PORT_ENV = "PORT";

  /** Known keys per section, in file order, derived from {@link McIasConfigFile}. */
  private static final Map<String, Map<String, Class<?>>> KEYS = knownKeys();

  private final Map<String, String> env;
  private final List<Path> defaultLocations;

  public McIasConfigLoader(Map<String, String> env, List<Path> defaultLocations) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.defaultLocations = List.copyOf(defaultLocations);
  }

  /** The standard search: {@code ./mcias.toml}, then {@code /etc/mcias/mcias.toml}. */
  public static McIasConfigLoader standard(Map<String, String> env) {
    return new McIasConfigLoader(
        env, List.of(Path.of("mcias.toml"), Path.of("/etc/mcias/mcias.toml")));
  }

  /** The section/key table ({@code server -> [listen_addr, tls_cert, tls_key]}, ...). */
  public static Map<String, List<String>> keys() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    KEYS.forEach((section, keys) -> out.put(section, List.copyOf(keys.keySet())));
    return out;
  }

  /** The environment variable that overrides {@code section.key}. */
  public static String envName(String section, String key) {
    return (ENV_PREFIX + "_" + section + "_" + key).toUpperCase(Locale.ROOT);
  }

  /** Which file to read: {@code explicit} when given, else the first that exists. */
  public Path locate(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    for (Path candidate : defaultLocations) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new ConfigException(
        "config: no configuration file found (give --config FILE, set "
            + CONFIG_ENV
            + ", or create "
            + defaultLocations.stream().map(Path::toString).collect(Collectors.joining(" or "))
            + ")");
  }

  /** Locates, reads, overrides and validates. */
  public McIasConfig load(Path explicit) {
    Path file = locate(explicit);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file);
  }

  /** Parses TOML text that came from {@code source} (used in messages only). */
  public McIasConfig parse(String toml, Path source) {
    TomlMapper mapper = mapper();
    ObjectNode tree;
    try {
      JsonNode node = mapper.readTree(toml);
      tree = node instanceof ObjectNode o ? o : mapper.createObjectNode();
    } catch (JacksonException e) {
      throw new ConfigException(
          "config: " + source + " is not valid TOML: " + firstLine(e.getOriginalMessage()), e);
    }
    rejectUnknownKeys(tree);
    applyEnvironment(tree);
    McIasConfigFile raw;
    try {
      raw = mapper.treeToValue(tree, McIasConfigFile.class);
    } catch (JsonMappingException e) {
      throw new ConfigException("config: " + describeTypeError(e), e);
    } catch (JacksonException e) {
      throw new ConfigException("config: " + firstLine(e.getOriginalMessage()), e);
    }
    return validate(raw, source);
  }

  private static TomlMapper mapper() {
    TomlMapper mapper = new TomlMapper();
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    return mapper;
  }

  private static void rejectUnknownKeys(ObjectNode tree) {
    for (Map.Entry<String, JsonNode> section : tree.properties()) {
      Map<String, Class<?>> known = KEYS.get(section.getKey());
      if (known == null) {
        throw new ConfigException(
            "config: unknown section ["
                + section.getKey()
                + "] (known: "
                + String.join(", ", KEYS.keySet())
                + ")");
      }
      if (!section.getValue().isObject()) {
        throw new ConfigException(
            "config: " + section.getKey() + " must be a table ([" + section.getKey() + "])");
      }
      for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
        String key = entry.getKey();
        if (!known.containsKey(key)) {
          throw new ConfigException(
              "config: unknown key "
                  + section.getKey()
                  + "."
                  + key
                  + " (known: "
                  + String.join(", ", known.keySet())
                  + ")");
        }
      }
    }
  }

  private void applyEnvironment(ObjectNode tree) {
    KEYS.forEach(
        (section, keys) ->
            keys.keySet()
                .forEach(
                    key -> {
                      String value = env.get(envName(section, key));
                      if (value != null) {
                        tree.withObjectProperty(section).put(key, value);
                      }
                    }));
  }

  private McIasConfig validate(McIasConfigFile raw, Path source) {
    List<String> problems = new ArrayList<>();
    McIasConfigFile.Server server =
        raw.server() == null ? new McIasConfigFile.Server(null, null, null) : raw.server();
    McIasConfigFile.Tokens tokens =
        raw.tokens() == null ? new McIasConfigFile.Tokens(null, null, null) : raw.tokens();
    McIasConfigFile.Security security =
        raw.security() == null
            ? new McIasConfigFile.Security(null, null, null, null, null, null, null)
            : raw.security();

    ListenAddress listen = listenAddress(server.listenAddr(), problems);
    Path tlsCert = requiredPath("server.tls_cert", server.tlsCert(), problems);
    Path tlsKey = requiredPath("server.tls_key", server.tlsKey(), problems);
    Path database =
        requiredPath("database.path", raw.database() == null ? null : raw.database().path(), problems);
    String issuer = tokens.issuer();
    if (isBlank(issuer)) {
      problems.add("tokens.issuer is required");
    }
    Duration loginTtl = positiveDuration("tokens.expiry", tokens.expiry(), problems);
    Duration serviceTtl = positiveDuration("tokens.service_expiry", tokens.serviceExpiry(), problems);
    MasterKeyConfig masterKey = masterKey(raw.masterKey(), problems);
    McIasConfig.Security sec = security(security, problems);

    if (!problems.isEmpty()) {
      throw new ConfigException("config: " + String.join("; ", problems));
    }
    return new McIasConfig(
        listen, tlsCert, tlsKey, database, issuer.trim(), loginTtl, serviceTtl, masterKey, sec,
        source);
  }

  private ListenAddress listenAddress(String configured, List<String> problems) {
    String port = env.get(PORT_ENV);
    Integer portOverride = null;
    if (port != null && !port.isBlank()) {
      try {
        portOverride = ListenAddress.parsePort(port);
      } catch (IllegalArgumentException e) {
        problems.add("$PORT must be a port number from 0 to 65535, got \"" + shorten(port) + "\"");
        return null;
      }
    }
    if (isBlank(configured)) {
      if (portOverride != null) {
        return new ListenAddress("0.0.0.0", portOverride);
      }
      problems.add("server.listen_addr is required");
      return null;
    }
    try {
      ListenAddress parsed = ListenAddress.parse(configured);
      return portOverride == null ? parsed : parsed.withPort(portOverride);
    } catch (IllegalArgumentException e) {
      problems.add(
          "server.listen_addr must be host:port (e.g. \"0.0.0.0:8443\"), got \""
              + shorten(configured)
              + "\"");
      return null;
    }
  }

  private static MasterKeyConfig masterKey(McIasConfigFile.MasterKey raw, List<String> problems) {
    String variable = raw == null ? null : raw.passphraseEnv();
    String keyfile = raw == null ? null : raw.keyfile();
    boolean hasVariable = !isBlank(variable);
    boolean hasFile = !isBlank(keyfile);
    if (hasVariable && hasFile) {
      problems.add(
          "master_key.passphrase_env and master_key.keyfile are mutually exclusive; set exactly one");
      return null;
    }
    if (!hasVariable && !hasFile) {
      problems.add("master_key: set exactly one of passphrase_env or keyfile");
      return null;
    }
    return hasVariable
        ? new MasterKeyConfig.PassphraseEnv(variable.trim())
        : new MasterKeyConfig.KeyFile(Path.of(keyfile.trim()));
  }

  private static McIasConfig.Security security(
      McIasConfigFile.Security raw, List<String> problems) {
    Integer time = atLeast("security.argon2_time", raw.argon2Time(), 1, problems);
    Integer memory = atLeast("security.argon2_memory_kib", raw.argon2MemoryKib(), 8, problems);
    Integer threads = atLeast("security.argon2_threads", raw.argon2Threads(), 1, problems);
    Integer threshold = atLeast("security.lockout_threshold", raw.lockoutThreshold(), 1, problems);
    if (threshold != null && threshold > 100) {
      // NIST 800-63B: never allow more than 100 consecutive failures.
      problems.add("security.lockout_threshold must be at most 100");
    }
    Duration lockout = positiveDuration("security.lockout_duration", raw.lockoutDuration(), problems);
    Double rate = raw.loginRatePerSecond();
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      problems.add("security.login_rate_per_second must be greater than 0");
    }
    Integer burst = atLeast("security.login_burst", raw.loginBurst(), 1, problems);
    return new McIasConfig.Security(time, memory, threads, threshold, lockout, rate, burst);
  }

  private static Integer atLeast(String name, Integer value, int min, List<String> problems) {
    if (value != null && value < min) {
      problems.add(name + " must be at least " + min);
    }
    return value;
  }

  private static Path requiredPath(String name, String value, List<String> problems) {
    if (isBlank(value)) {
      problems.add(name + " is required");
      return null;
    }
    return Path.of(value.trim());
  }

  private static Duration positiveDuration(String name, String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    try {
      Duration d = GoDuration.parse(value);
      if (d.isNegative() || d.isZero()) {
        problems.add(name + " must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.add(name + ": " + e.getMessage());
      return null;
    }
  }

  private static String describeTypeError(JsonMappingException e) {
    List<String> path = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.add(ref.getFieldName());
      }
    }
    if (path.size() == 2) {
      Class<?> type = KEYS.getOrDefault(path.get(0), Map.of()).get(path.get(1));
      return String.join(".", path) + " must be " + describe(type);
    }
    if (path.size() == 1) {
      return path.get(0) + " must be a table ([" + path.get(0) + "])";
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class) {
      return "a whole number";
    }
    if (type == Double.class) {
      return "a number";
    }
    return "a string";
  }

  private static Map<String, Map<String, Class<?>>> knownKeys() {
    PropertyNamingStrategies.NamingBase snake =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    Map<String, Map<String, Class<?>>> keys = new LinkedHashMap<>();
    for (RecordComponent section : McIasConfigFile.class.getRecordComponents()) {
      Map<String, Class<?>> sectionKeys = new LinkedHashMap<>();
      for (RecordComponent key : section.getType().getRecordComponents()) {
        sectionKeys.put(snake.translate(key.getName()), key.getType());
      }
      keys.put(snake.translate(section.getName()), Collections.unmodifiableMap(sectionKeys));
    }
    return Collections.unmodifiableMap(keys);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
