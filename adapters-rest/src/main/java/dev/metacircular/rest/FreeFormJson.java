package dev.metacircular.rest;

import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON objects in request bodies (an engine request's {@code data}, a mount's {@code
 * config}), as decoded by {@link JsonBodies}: objects are {@code Map<String, Object>}, arrays
 * {@code List}, whole numbers {@code Integer}, {@code Long} or {@code BigInteger}, other numbers
 * {@code Double}; the shared mapper has already bounded nesting depth, string and number length.
 * What is left to refuse here is a number too large for a double ({@code 1e400}), which the parser
 * would otherwise turn into an infinity.
 */
final class FreeFormJson {
  private FreeFormJson() {}

  /** {@code tree} itself, or 400 when a number in it is out of range; null stays null. */
  static Map<String, Object> check(Map<String, Object> tree, String field) {
    if (tree != null) {
      checkValue(tree, field);
    }
    return tree;
  }

  private static void checkValue(Object value, String field) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new DomainException.InvalidInput("a number in " + field + " is out of range");
    }
    if (value instanceof Map<?, ?> map) {
      for (Object child : map.values()) {
        checkValue(child, field);
      }
    } else if (value instanceof List<?> list) {
      for (Object child : list) {
        checkValue(child, field);
      }
    }
  }
}
