package dev.metacircular.apps.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * What every service's TOML configuration has in common (DESIGN.md §5): where the file is ({@code
 * --config}, else {@code $<SERVICE>_CONFIG}, else the default locations), strict parsing (unknown
 * sections and keys are errors, so a typo never falls back to a default silently), {@code
 * <SERVICE>_<SECTION>_<KEY>} environment overrides (a list key takes a comma-separated value), and
 * type errors that name the key. The raw file shape is a record of section records whose component
 * names, in snake case, are the keys.
 *
 * <p>The environment is a plain map so tests never touch the process environment.
 */
final class TomlConfigReader<F extends Record> {

  private final Class<F> fileType;
  private final String envPrefix;
  private final String configEnv;
  private final Map<String, String> env;
  private final List<Path> defaultLocations;
  private final Map<String, Map<String, Class<?>>> keys;

  TomlConfigReader(
      Class<F> fileType, String envPrefix, Map<String, String> env, List<Path> defaultLocations) {
    this.fileType = Objects.requireNonNull(fileType, "fileType");
    this.envPrefix = Objects.requireNonNull(envPrefix, "envPrefix");
    this.configEnv = envPrefix + "_CONFIG";
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.defaultLocations = List.copyOf(defaultLocations);
    this.keys = knownKeys(fileType);
  }

  Map<String, String> env() {
    return env;
  }

  /** The section/key table ({@code server -> [listen_addr, tls_cert, tls_key]}, ...). */
  Map<String, List<String>> keys() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    keys.forEach((section, k) -> out.put(section, List.copyOf(k.keySet())));
    return out;
  }

  /** The environment variable that overrides {@code section.key}. */
  String envName(String section, String key) {
    return (envPrefix + "_" + section + "_" + key).toUpperCase(Locale.ROOT);
  }

  /** Which file to read: {@code explicit} when given, else the first that exists. */
  Path locate(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String fromEnv = env.get(configEnv);
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
            + configEnv
            + ", or create "
            + defaultLocations.stream().map(Path::toString).collect(Collectors.joining(" or "))
            + ")");
  }

  /** The text of {@code file}, or a {@link ConfigException} naming it. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config: " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses TOML text that came from {@code source} (used in messages only), with overrides. */
  F parse(String toml, Path source) {
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
    try {
      return mapper.treeToValue(tree, fileType);
    } catch (JsonMappingException e) {
      throw new ConfigException("config: " + describeTypeError(e), e);
    } catch (JacksonException e) {
      throw new ConfigException("config: " + firstLine(e.getOriginalMessage()), e);
    }
  }

  /**
   * The listen address from {@code configured}, with {@code $<portEnv>} replacing its port (and
   * winning over everything else). Problems are added to {@code problems}; null then.
   */
  /**
   * Like {@link #listenAddress} for a listener that is off unless configured: null when neither
   * {@code configured} nor {@code $portEnv} is set.
   */
  ListenAddress optionalListenAddress(
      String name, String configured, String portEnv, List<String> problems) {
    String port = env.get(portEnv);
    if (isBlank(configured) && (port == null || port.isBlank())) {
      return null;
    }
    return listenAddress(name, configured, portEnv, problems);
  }

  ListenAddress listenAddress(
      String name, String configured, String portEnv, List<String> problems) {
    String port = env.get(portEnv);
    Integer portOverride = null;
    if (port != null && !port.isBlank()) {
      try {
        portOverride = ListenAddress.parsePort(port);
      } catch (IllegalArgumentException e) {
        problems.add(
            "$"
                + portEnv
                + " must be a port number from 0 to 65535, got \""
                + shorten(port)
                + "\"");
        return null;
      }
    }
    if (isBlank(configured)) {
      if (portOverride != null) {
        return new ListenAddress("0.0.0.0", portOverride);
      }
      problems.add(name + " is required");
      return null;
    }
    try {
      ListenAddress parsed = ListenAddress.parse(configured);
      return portOverride == null ? parsed : parsed.withPort(portOverride);
    } catch (IllegalArgumentException e) {
      problems.add(
          name + " must be host:port (e.g. \"0.0.0.0:8443\"), got \"" + shorten(configured) + "\"");
      return null;
    }
  }

  static Integer atLeast(String name, Integer value, int min, List<String> problems) {
    if (value != null && value < min) {
      problems.add(name + " must be at least " + min);
    }
    return value;
  }

  static Path requiredPath(String name, String value, List<String> problems) {
    if (isBlank(value)) {
      problems.add(name + " is required");
      return null;
    }
    return Path.of(value.trim());
  }

  static Duration positiveDuration(String name, String value, List<String> problems) {
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

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static TomlMapper mapper() {
    TomlMapper mapper = new TomlMapper();
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    return mapper;
  }

  private void rejectUnknownKeys(ObjectNode tree) {
    for (Map.Entry<String, JsonNode> section : tree.properties()) {
      Map<String, Class<?>> known = keys.get(section.getKey());
      if (known == null) {
        throw new ConfigException(
            "config: unknown section ["
                + section.getKey()
                + "] (known: "
                + String.join(", ", keys.keySet())
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
    keys.forEach(
        (section, sectionKeys) ->
            sectionKeys.forEach(
                (key, type) -> {
                  String value = env.get(envName(section, key));
                  if (value == null) {
                    return;
                  }
                  ObjectNode target = tree.withObjectProperty(section);
                  if (List.class.isAssignableFrom(type)) {
                    ArrayNode list = target.putArray(key);
                    for (String item : value.split(",")) {
                      if (!item.isBlank()) {
                        list.add(item.trim());
                      }
                    }
                  } else {
                    target.put(key, value);
                  }
                }));
  }

  private String describeTypeError(JsonMappingException e) {
    List<String> path = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.add(ref.getFieldName());
      }
    }
    if (path.size() == 2) {
      Class<?> type = keys.getOrDefault(path.get(0), Map.of()).get(path.get(1));
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
    if (type != null && List.class.isAssignableFrom(type)) {
      return "a list of strings";
    }
    return "a string";
  }

  private static Map<String, Map<String, Class<?>>> knownKeys(Class<?> fileType) {
    PropertyNamingStrategies.NamingBase snake =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    Map<String, Map<String, Class<?>>> keys = new LinkedHashMap<>();
    for (RecordComponent section : fileType.getRecordComponents()) {
      Map<String, Class<?>> sectionKeys = new LinkedHashMap<>();
      for (RecordComponent key : section.getType().getRecordComponents()) {
        sectionKeys.put(snake.translate(key.getName()), key.getType());
      }
      keys.put(snake.translate(section.getName()), Collections.unmodifiableMap(sectionKeys));
    }
    return Collections.unmodifiableMap(keys);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
