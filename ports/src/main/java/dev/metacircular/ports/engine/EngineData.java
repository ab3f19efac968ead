package dev.metacircular.ports.engine;

import dev.metacircular.ports.error.DomainException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code data} of an engine request: a JSON-shaped tree (objects as {@code Map<String,
 * Object>}, arrays as {@code List}, strings, booleans, numbers, null), with strict typed readers
 * that refuse bad input with a message naming the field ({@code "plaintext must be canonical padded
 * base64"}). Engines read requests through it and answer with plain maps.
 *
 * <p>Immutable. A field given as JSON {@code null} is treated as absent.
 */
public final class EngineData {

  /** Deepest nesting a tree may have; deeper input is refused, never recursed into. */
  public static final int MAX_DEPTH = 16;

  private static final Base64.Encoder BASE64_OUT = Base64.getEncoder();

  private final Map<String, Object> fields;

  private EngineData(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** The request data; the tree is copied and checked. */
  public static EngineData of(Map<String, Object> data) {
    return new EngineData(data == null ? Map.of() : copyTree(data));
  }

  /** The fields as an unmodifiable map. */
  public Map<String, Object> asMap() {
    return fields;
  }

  /** {@code InvalidInput("unknown field x")} for any field not in {@code allowed}. */
  public EngineData allowOnly(Set<String> allowed) {
    for (String name : fields.keySet()) {
      if (!allowed.contains(name)) {
        throw new DomainException.InvalidInput("unknown field " + name);
      }
    }
    return this;
  }

  public boolean has(String field) {
    return fields.get(field) != null;
  }

  public String requireString(String field) {
    return string(field).orElseThrow(() -> missing(field));
  }

  public Optional<String> string(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new DomainException.InvalidInput(field + " must be a string");
    }
    return Optional.of(s);
  }

  /** A required non-blank string of at most {@code maxLength} characters. */
  public String requireName(String field, int maxLength) {
    String s = requireString(field);
    if (s.isBlank()) {
      throw missing(field);
    }
    if (s.length() > maxLength) {
      throw new DomainException.InvalidInput(
          field + " is longer than " + maxLength + " characters");
    }
    return s;
  }

  /** Standard base64 (RFC 4648 §4, padded, canonical: see {@link CanonicalBase64}), decoded. */
  public byte[] requireBase64(String field) {
    return base64(field).orElseThrow(() -> missing(field));
  }

  public Optional<byte[]> base64(String field) {
    return string(field).map(s -> decodeBase64(field, s));
  }

  public boolean bool(String field, boolean defaultValue) {
    Object v = fields.get(field);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean b)) {
      throw new DomainException.InvalidInput(field + " must be true or false");
    }
    return b;
  }

  public Optional<Boolean> bool(String field) {
    return has(field) ? Optional.of(bool(field, false)) : Optional.empty();
  }

  /** A whole number that fits an int; {@code 3.0} and {@code "3"} are refused. */
  public Optional<Integer> integer(String field) {
    Object v = fields.get(field);
    if (v == null) {
      return Optional.empty();
    }
    BigInteger whole = wholeNumber(field, v);
    if (whole.bitLength() > 31) {
      throw new DomainException.InvalidInput(field + " is out of range");
    }
    return Optional.of(whole.intValue());
  }

  public int integer(String field, int defaultValue) {
    return integer(field).orElse(defaultValue);
  }

  /** A list of objects (batch items), each as its own {@code EngineData}. */
  public List<EngineData> requireObjects(String field, int maxItems) {
    Object v = fields.get(field);
    if (v == null) {
      throw missing(field);
    }
    if (!(v instanceof List<?> list)) {
      throw new DomainException.InvalidInput(field + " must be an array");
    }
    if (list.size() > maxItems) {
      throw new DomainException.InvalidInput(field + " has more than " + maxItems + " items");
    }
    List<EngineData> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)) {
        throw new DomainException.InvalidInput(field + " must hold objects");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) map;
      out.add(new EngineData(m));
    }
    return out;
  }

  /** Standard padded base64 of {@code bytes}, as engines answer binary values. */
  public static String encodeBase64(byte[] bytes) {
    return BASE64_OUT.encodeToString(bytes);
  }

  /**
   * Decodes {@code value} or refuses it naming {@code field}: only the canonical padded form is
   * accepted, so one byte string has exactly one text form.
   */
  public static byte[] decodeBase64(String field, String value) {
    try {
      return CanonicalBase64.decode(value);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(field + " must be canonical padded base64");
    }
  }

  /**
   * A deep, unmodifiable copy of a JSON-shaped tree. {@code InvalidInput} for a value that is not
   * JSON-shaped or nesting deeper than {@link #MAX_DEPTH}.
   */
  public static Map<String, Object> copyTree(Map<String, Object> tree) {
    return copyObject(tree, 1);
  }

  private static Map<String, Object> copyObject(Map<?, ?> map, int depth) {
    checkDepth(depth);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new DomainException.InvalidInput("object keys must be strings");
      }
      out.put(key, copyValue(e.getValue(), depth));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object copyValue(Object v, int depth) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger
        || v instanceof BigDecimal
        || v instanceof Double
        || v instanceof Float) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return copyObject(m, depth + 1);
    }
    if (v instanceof List<?> list) {
      checkDepth(depth + 1);
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(copyValue(item, depth + 1));
      }
      return Collections.unmodifiableList(out);
    }
    throw new DomainException.InvalidInput("data holds a value that is not JSON");
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new DomainException.InvalidInput("data is nested deeper than " + MAX_DEPTH);
    }
  }

  private static BigInteger wholeNumber(String field, Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new DomainException.InvalidInput(field + " must be a whole number");
      }
    }
    throw new DomainException.InvalidInput(field + " must be a whole number");
  }

  private static DomainException.InvalidInput missing(String field) {
    return new DomainException.InvalidInput(field + " is required");
  }

  @Override
  public String toString() {
    // Data carries plaintexts: never print values.
    return "EngineData" + fields.keySet();
  }
}
