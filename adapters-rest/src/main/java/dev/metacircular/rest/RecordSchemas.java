package dev.metacircular.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.engine.spi.TextValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) of the records the doors read and write, derived from the
 * record classes themselves, so a renamed or added component changes the API description with the
 * code: components in snake_case as {@link JsonBodies}' mapper writes them; {@code char[]}, {@link
 * TextValue}s and strings as strings; {@code byte[]} as base64 text (the engines' convention);
 * {@link Instant} as RFC 3339 text; a batch item as its record or an {@code {"error"}}. Every
 * record becomes one named schema under {@code components/schemas}, referred to by {@code $ref}.
 *
 * <p>Which components a request must carry is not in the type (the core checks it): {@link
 * #require} takes it from the route table. An answer's components are all present unless its record
 * leaves nulls out ({@code @JsonInclude(NON_NULL)}) or is an engine answer, whose null components
 * {@link OperationJson} always leaves out.
 */
final class RecordSchemas {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** A record in one direction: a request's fields are all optional unless a route requires one. */
  private record Use(Class<?> type, boolean input) {}

  /**
   * The answer components written even when null ({@code "rule": null} when no rule matched), as
   * {@code Record.component}: their schemas also allow null. The records cannot say it themselves
   * (no nullability annotations on the class path), so the description names them.
   */
  static final Set<String> NULLABLE_ANSWERS =
      Set.of("ExplanationView.rule", "PasskeyView.lastUsedAt");

  private final Map<String, Use> named = new LinkedHashMap<>();
  private final Map<Use, String> names = new LinkedHashMap<>();
  private final ObjectNode schemas = JSON.objectNode();

  /**
   * A reference to the schema of {@code type} as an answer, adding it (and what it refers to) on
   * first use.
   */
  ObjectNode ref(Class<? extends Record> type) {
    return ref(new Use(type, false));
  }

  /** A reference to the schema of {@code type} as a request: no component required. */
  ObjectNode input(Class<? extends Record> type) {
    return ref(new Use(type, true));
  }

  private ObjectNode ref(Use use) {
    return JSON.objectNode().put("$ref", "#/components/schemas/" + name(use));
  }

  /**
   * A request record's schema with the given components required: a name that is not a component
   * fails the build of the description, so the route table cannot drift from the record.
   */
  ObjectNode require(Class<? extends Record> type, List<String> required) {
    // Inline, not a reference: one record may be sent with different required fields on two
    // routes (an SSO client's id is in the body on create, in the path on update), and generated
    // clients type an inline required list more faithfully than an allOf.
    ObjectNode schema = recordSchema(new Use(type, true));
    Set<String> fields = fields(type);
    ArrayNode list = JSON.arrayNode();
    for (String field : required) {
      if (!fields.contains(field)) {
        throw new IllegalStateException(type.getName() + " has no component " + field);
      }
      list.add(field);
    }
    if (!list.isEmpty()) {
      schema.set("required", list);
    }
    return schema;
  }

  /** The JSON field names of a record: its components in snake_case. */
  static Set<String> fields(Class<?> type) {
    Set<String> fields = new java.util.LinkedHashSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      fields.add(SNAKE_CASE.translate(c.getName()));
    }
    return fields;
  }

  /** Every schema named so far, in the order first used. */
  ObjectNode components() {
    return schemas;
  }

  private String name(Use use) {
    String known = names.get(use);
    if (known != null) {
      return known;
    }
    Class<?> type = use.type();
    String name = type.getSimpleName();
    if (use.input() && isDoorRecord(type) && !name.endsWith("Request")) {
      // A record both read and written (a rule, a role list): the request form has its own name.
      name = name + "Input";
    }
    Use other = named.get(name);
    if (other != null && other.type() == type) {
      name = name + (use.input() ? "Input" : "Output");
    } else if (other != null) {
      // Two records with one simple name (a TokenView per controller, a KeyName per engine): the
      // later one is qualified by its enclosing class or its feature package.
      name = qualifier(type) + name;
    }
    if (named.containsKey(name)) {
      throw new IllegalStateException("two schemas named " + name);
    }
    named.put(name, use);
    names.put(use, name);
    schemas.set(name, JSON.objectNode()); // reserved first: records may refer to themselves
    schemas.set(name, recordSchema(use));
    return name;
  }

  private static String qualifier(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    if (outer != null) {
      return outer.getSimpleName().replace("Controller", "");
    }
    String pkg = type.getPackageName();
    String[] parts = pkg.split("\\.");
    String feature =
        parts[parts.length - 1].equals("in") ? parts[parts.length - 2] : parts[parts.length - 1];
    return Character.toUpperCase(feature.charAt(0)) + feature.substring(1);
  }

  private ObjectNode recordSchema(Use use) {
    Class<?> type = use.type();
    ObjectNode schema = JSON.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    boolean allPresent = !use.input() && !leavesOutNulls(type);
    for (RecordComponent c : type.getRecordComponents()) {
      String field = SNAKE_CASE.translate(c.getName());
      ObjectNode value =
          c.isAnnotationPresent(JsonRawValue.class)
              ? JSON.objectNode().put("type", "object")
              : schema(c.getGenericType(), use.input());
      if (!use.input() && NULLABLE_ANSWERS.contains(type.getSimpleName() + "." + c.getName())) {
        ObjectNode either = JSON.objectNode();
        either.putArray("anyOf").add(value).add(JSON.objectNode().put("type", "null"));
        value = either;
      }
      properties.set(field, value);
      if (allPresent || (!use.input() && c.getType().isPrimitive())) {
        required.add(field);
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    if (use.input()) {
      // Both JSON readers refuse a field the record does not have (400 unknown field).
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  private static boolean isDoorRecord(Class<?> type) {
    return type.getPackageName().equals(RecordSchemas.class.getPackageName());
  }

  /** Engine records (outside this package) are written by {@link OperationJson}: nulls left out. */
  private static boolean leavesOutNulls(Class<?> type) {
    if (!isDoorRecord(type)) {
      return true;
    }
    JsonInclude include = type.getAnnotation(JsonInclude.class);
    return include != null && include.value() == JsonInclude.Include.NON_NULL;
  }

  private ObjectNode schema(Type type, boolean input) {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        ObjectNode array = JSON.objectNode().put("type", "array");
        array.set("items", schema(args[0], input));
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        ObjectNode map = JSON.objectNode().put("type", "object");
        if (args[1] == Object.class) {
          map.put("additionalProperties", true);
        } else {
          map.set("additionalProperties", schema(args[1], input));
        }
        return map;
      }
      if (raw == BatchItem.class) {
        ObjectNode item = JSON.objectNode();
        ObjectNode itemSchema = schema(args[0], input);
        if (input) {
          return itemSchema; // a batch item sent is its record; only answers may be an error
        }
        item.putArray("oneOf").add(itemSchema).add(ref(JsonBodies.ErrorBody.class));
        return item;
      }
      throw new IllegalStateException("no JSON schema for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == char[].class || TextValue.class.isAssignableFrom(c)) {
      return JSON.objectNode().put("type", "string");
    }
    if (c == byte[].class) {
      return JSON.objectNode().put("type", "string").put("contentEncoding", "base64");
    }
    if (c == Instant.class) {
      return JSON.objectNode().put("type", "string").put("format", "date-time");
    }
    if (c == boolean.class || c == Boolean.class) {
      return JSON.objectNode().put("type", "boolean");
    }
    if (c == int.class || c == Integer.class) {
      return JSON.objectNode().put("type", "integer").put("format", "int32");
    }
    if (c == long.class || c == Long.class) {
      return JSON.objectNode().put("type", "integer").put("format", "int64");
    }
    if (c == double.class || c == Double.class) {
      return JSON.objectNode().put("type", "number");
    }
    if (c == JsonNode.class) {
      // Free JSON handed on as it came (a WebAuthn credential, a TTL as a number or as text).
      return JSON.objectNode();
    }
    if (c.isRecord()) {
      return ref(new Use(c, input));
    }
    throw new IllegalStateException("no JSON schema for " + type);
  }
}
