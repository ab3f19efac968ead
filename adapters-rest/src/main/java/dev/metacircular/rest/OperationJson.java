package dev.metacircular.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.engine.spi.TextValue;
import dev.metacircular.ports.error.DomainException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of every engine operation's records, for any engine: a request's {@code data} (a
 * JSON-shaped tree) becomes the operation's request record and the response record becomes a tree
 * again, with one strict mapper (unknown fields, wrong types and scalar coercions refused) and
 * snake_case field names. Engines need no JSON code of their own; their records follow three
 * conventions:
 *
 * <ul>
 *   <li>{@code byte[]} travels as canonical padded standard base64 ({@link CanonicalBase64});
 *   <li>a {@link TextValue} travels as its text and is read with its type's {@code static
 *       parse(String field, String text)};
 *   <li>a {@link BatchItem} list keeps each bad item's refusal in place, so one bad item never
 *       fails its batch; null components are left out of answers.
 * </ul>
 *
 * Refusals name the field as the engines always have: {@code unknown field x}, {@code x must be a
 * string}, {@code x must be true or false}, {@code x must be a whole number}, {@code x is out of
 * range}, {@code x must be an array}, {@code items must hold objects}, {@code x must be canonical
 * padded base64}, and a record's own message ({@code x is required}...).
 */
final class OperationJson {

  private static final ObjectMapper MAPPER = newMapper();

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> TREE =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private OperationJson() {}

  /** The JSON field names of each record type: its components in snake_case. */
  private static final ClassValue<Set<String>> FIELDS =
      new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
          Set<String> names = new HashSet<>();
          for (RecordComponent c : type.getRecordComponents()) {
            names.add(SNAKE_CASE.translate(c.getName()));
          }
          return Set.copyOf(names);
        }
      };

  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** {@code data} as a {@code type} record, or {@code InvalidInput} naming the bad field. */
  static <Q extends Record> Q read(Map<String, Object> data, Class<Q> type) {
    Map<String, Object> fields = data == null ? Map.of() : data;
    // Unknown fields first, before the record sees (and refuses) what is missing.
    Set<String> known = FIELDS.get(type);
    for (String field : fields.keySet()) {
      if (!known.contains(field)) {
        throw new DomainException.InvalidInput("unknown field " + field);
      }
    }
    try {
      return MAPPER.convertValue(fields, type);
    } catch (IllegalArgumentException e) {
      throw refusal(e.getCause() instanceof IOException io ? io : null);
    }
  }

  /**
   * {@code response} as a JSON-shaped tree: its components in order, snake_case, null ones left
   * out; text values as their text, {@code byte[]} as base64, instants in ISO-8601, nested records
   * as objects. Built directly from the record's accessors (found once per type), not through the
   * mapper: on the hot path a mapper round trip cost as much again as the whole operation.
   */
  static Map<String, Object> tree(Record response) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Answer field : ANSWERS.get(response.getClass())) {
      Object value;
      try {
        value = field.accessor().invoke(response);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("unreadable answer component " + field.name(), e);
      }
      if (value != null) {
        out.put(field.name(), value(value));
      }
    }
    return out;
  }

  private static Object value(Object value) {
    if (value instanceof BatchItem.Valid<?> item) {
      // A batch item on the wire is its value; only a door that read it can refuse one.
      return tree(item.value());
    }
    if (value instanceof BatchItem.Refused<?> refused) {
      throw new IllegalArgumentException(
          "a refused batch item cannot be sent: " + refused.reason());
    }
    if (value instanceof TextValue text) {
      return text.text();
    }
    if (value instanceof byte[] bytes) {
      return CanonicalBase64.encode(bytes);
    }
    if (value instanceof Record record) {
      return tree(record);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(item == null ? null : value(item));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : value(e.getValue()));
      }
      return out;
    }
    if (value instanceof TemporalAccessor || value instanceof Enum<?>) {
      return value.toString();
    }
    return value;
  }

  /** One answer component: its JSON name and its accessor. */
  private record Answer(String name, Method accessor) {}

  private static final ClassValue<List<Answer>> ANSWERS =
      new ClassValue<>() {
        @Override
        protected List<Answer> computeValue(Class<?> type) {
          List<Answer> fields = new ArrayList<>();
          for (RecordComponent c : type.getRecordComponents()) {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            fields.add(new Answer(SNAKE_CASE.translate(c.getName()), accessor));
          }
          return List.copyOf(fields);
        }
      };

  /** The refusal for a failed conversion, naming the field. */
  private static DomainException refusal(IOException cause) {
    if (cause == null) {
      return new DomainException.InvalidInput("data is invalid");
    }
    Throwable root = cause;
    if (root instanceof ValueInstantiationException
        && root.getCause() instanceof DomainException d) {
      return d;
    }
    if (root instanceof JsonMappingException mapping
        && mapping.getCause() instanceof DomainException d) {
      return d;
    }
    if (root instanceof UnrecognizedPropertyException unknown) {
      return new DomainException.InvalidInput("unknown field " + unknown.getPropertyName());
    }
    for (Throwable t = root; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InputCoercionException overflow) {
        // The mapping path names the field when databind wrapped it; else the parser stands on it.
        String field = field(root);
        return new DomainException.InvalidInput(
            (field.equals("data") ? overflowField(overflow.getProcessor()) : field)
                + " is out of range");
      }
    }
    if (root instanceof StreamConstraintsException) {
      return new DomainException.InvalidInput("data exceeds a JSON size limit");
    }
    if (root instanceof MismatchedInputException mismatch) {
      return new DomainException.InvalidInput(mismatch(mismatch));
    }
    return new DomainException.InvalidInput(field(root) + " is invalid");
  }

  private static String mismatch(MismatchedInputException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    Class<?> target = e.getTargetType();
    if (!path.isEmpty() && path.get(path.size() - 1).getFieldName() == null && path.size() > 1) {
      // An element of a list that is not what the list holds: a batch item that is no object.
      return path.get(path.size() - 2).getFieldName() + " must hold objects";
    }
    String field = field(e);
    if (target == null) {
      return field + " is invalid";
    }
    if (target == String.class
        || TextValue.class.isAssignableFrom(target)
        || target == byte[].class) {
      return field + " must be a string";
    }
    if (target == Boolean.class || target == boolean.class) {
      return field + " must be true or false";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return field + " must be a whole number";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return field + " must be an array";
    }
    if (Map.class.isAssignableFrom(target) || target.isRecord()) {
      return field + " must be an object";
    }
    return field + " is invalid";
  }

  private static String overflowField(JsonParser parser) {
    try {
      String name = parser == null ? null : parser.currentName();
      return name == null ? "data" : name;
    } catch (IOException e) {
      return "data";
    }
  }

  /** The innermost field name on the exception's path ({@code data} when there is none). */
  private static String field(Throwable e) {
    if (e instanceof JsonMappingException mapping) {
      List<JsonMappingException.Reference> path = mapping.getPath();
      for (int i = path.size() - 1; i >= 0; i--) {
        if (path.get(i).getFieldName() != null) {
          return path.get(i).getFieldName();
        }
      }
    }
    return "data";
  }

  private static ObjectMapper newMapper() {
    ObjectMapper mapper = JsonBodies.strictMapper();
    SimpleModule module = new SimpleModule("engine-operations");
    module.addDeserializer(byte[].class, new Base64Deserializer());
    mapper.registerModule(module);
    mapper.registerModule(
        new SimpleModule("engine-conventions") {
          @Override
          public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addDeserializers(new ConventionDeserializers());
          }
        });
    return mapper;
  }

  /** Binary values: canonical padded standard base64 only, one text per byte string. */
  private static final class Base64Deserializer extends JsonDeserializer<byte[]> {
    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String field = p.currentName();
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new DomainException.InvalidInput(field + " must be a string");
      }
      return CanonicalBase64.decodeField(field, p.getText());
    }
  }

  /** Finds the deserializers of the conventions: text values and batch items. */
  private static final class ConventionDeserializers extends Deserializers.Base {
    @Override
    public JsonDeserializer<?> findBeanDeserializer(
        JavaType type, DeserializationConfig config, BeanDescription beanDesc) {
      Class<?> raw = type.getRawClass();
      if (TextValue.class.isAssignableFrom(raw)) {
        return new TextValueDeserializer(parser(raw));
      }
      if (raw == BatchItem.class) {
        return new BatchItemDeserializer(null, null);
      }
      return null;
    }

    private static Method parser(Class<?> type) {
      try {
        Method parse = type.getMethod("parse", String.class, String.class);
        if (Modifier.isStatic(parse.getModifiers())
            && type.isAssignableFrom(parse.getReturnType())) {
          return parse;
        }
      } catch (NoSuchMethodException e) {
        // Reported below.
      }
      throw new IllegalStateException(type + " has no static parse(String field, String text)");
    }
  }

  /** A text value, read by its type's {@code parse(field, text)}. */
  private static final class TextValueDeserializer extends JsonDeserializer<Object> {
    private final Method parse;

    TextValueDeserializer(Method parse) {
      this.parse = parse;
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String field = p.currentName();
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new DomainException.InvalidInput(field + " must be a string");
      }
      try {
        return parse.invoke(null, field, p.getText());
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * One batch item: its record, or — when the item is an object that does not make one — the
   * refusal's message in its place. An item that is not an object refuses the whole batch ({@code
   * items must hold objects}), as a malformed list does.
   */
  private static final class BatchItemDeserializer extends JsonDeserializer<BatchItem<?>>
      implements ContextualDeserializer {
    private final JavaType itemType;
    private final String listField;

    BatchItemDeserializer(JavaType itemType, String listField) {
      this.itemType = itemType;
      this.listField = listField;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      JavaType type = ctxt.getContextualType();
      if (type == null && property != null) {
        type = property.getType().getContentType();
      }
      JavaType item = type == null ? null : type.containedType(0);
      return new BatchItemDeserializer(item, property == null ? "items" : property.getName());
    }

    @Override
    public BatchItem<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new DomainException.InvalidInput(listField + " must hold objects");
      }
      // The item's tree first, so a refusal consumes exactly this item and the list goes on.
      Map<String, Object> tree = ctxt.readValue(p, ctxt.getTypeFactory().constructType(TREE));
      try {
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) itemType.getRawClass();
        return new BatchItem.Valid<>(read(tree, type));
      } catch (DomainException e) {
        return new BatchItem.Refused<>(e.getMessage());
      }
    }
  }
}
