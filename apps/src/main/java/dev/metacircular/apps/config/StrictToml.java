package dev.metacircular.apps.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The control plane's TOML reading: strict (an unknown key anywhere, in {@code [[nodes]]} and
 * {@code [[components.routes]]} too, is an error naming it), with {@code <PREFIX>_<SECTION>_<KEY>}
 * environment overrides for the keys of plain sections (a list key takes a comma-separated value).
 * The shared reader of the other services knows only plain sections; definitions and the master's
 * node list are arrays of tables.
 */
public final class StrictToml {

  private StrictToml() {}

  public static <T extends Record> T read(
      String toml,
      Path source,
      Class<T> type,
      String what,
      String envPrefix,
      Map<String, String> env) {
    TomlMapper mapper = new TomlMapper();
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    ObjectNode tree;
    try {
      JsonNode node = mapper.readTree(toml);
      tree = node instanceof ObjectNode o ? o : mapper.createObjectNode();
    } catch (JacksonException e) {
      throw new ConfigException(
          what + ": " + source + " is not valid TOML: " + firstLine(e.getOriginalMessage()), e);
    }
    if (envPrefix != null) {
      applyEnvironment(tree, type, envPrefix, env);
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      String path = path(e);
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : " (known: "
                  + e.getKnownPropertyIds().stream()
                      .map(Object::toString)
                      .sorted()
                      .collect(Collectors.joining(", "))
                  + ")";
      throw new ConfigException(what + ": unknown key " + path + known, e);
    } catch (JsonMappingException e) {
      throw new ConfigException(
          what + ": " + path(e) + " has the wrong type: " + firstLine(e.getOriginalMessage()), e);
    } catch (JacksonException e) {
      throw new ConfigException(what + ": " + firstLine(e.getOriginalMessage()), e);
    }
  }

  private static void applyEnvironment(
      ObjectNode tree, Class<?> type, String prefix, Map<String, String> env) {
    PropertyNamingStrategies.NamingBase snake =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    for (RecordComponent section : type.getRecordComponents()) {
      if (!section.getType().isRecord()) {
        continue;
      }
      String sectionName = snake.translate(section.getName());
      for (RecordComponent key : section.getType().getRecordComponents()) {
        String keyName = snake.translate(key.getName());
        String value =
            env.get((prefix + "_" + sectionName + "_" + keyName).toUpperCase(Locale.ROOT));
        if (value == null) {
          continue;
        }
        ObjectNode target = tree.withObjectProperty(sectionName);
        if (List.class.isAssignableFrom(key.getType())) {
          ArrayNode list = target.putArray(keyName);
          for (String item : value.split(",")) {
            if (!item.isBlank()) {
              list.add(item.trim());
            }
          }
        } else {
          target.put(keyName, value);
        }
      }
    }
  }

  private static String path(JsonMappingException e) {
    List<String> parts = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        parts.add(ref.getFieldName());
      }
    }
    return String.join(".", parts);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
