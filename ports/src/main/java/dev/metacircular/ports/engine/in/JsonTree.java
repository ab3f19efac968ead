package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.error.DomainException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-shaped trees (a mount's configuration, an engine request's data): objects as {@code
 * Map<String, Object>}, arrays as {@code List}, strings, booleans, numbers, null.
 */
public final class JsonTree {

  /** Deepest nesting a tree may have; deeper input is refused, never recursed into. */
  public static final int MAX_DEPTH = 16;

  private JsonTree() {}

  /**
   * A deep, unmodifiable copy of {@code tree}. {@code InvalidInput} for a value that is not
   * JSON-shaped or nesting deeper than {@link #MAX_DEPTH}.
   */
  public static Map<String, Object> copy(Map<String, Object> tree) {
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
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
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
}
