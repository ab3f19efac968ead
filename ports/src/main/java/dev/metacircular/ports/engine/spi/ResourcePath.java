package dev.metacircular.ports.engine.spi;

import java.util.function.Function;

/**
 * The path inside a mount an operation acts on, matched by the ACL's {@code resources.paths} globs:
 * {@code keys/payments} for transit's operations on key {@code payments}, {@code keys/} for the key
 * list, none for an operation that names nothing.
 *
 * <p>A path is computed twice as cheaply as possible and never throws: from the typed request
 * ({@link #of(Record)}), and from a JSON request's raw {@code data} before it is known to be valid
 * ({@link #ofRaw}), because the ACL decides before the data is checked: a caller the ACL would turn
 * away learns nothing about his data, and one it lets in gets the data's refusal.
 *
 * @param prefix the path, or its fixed start when a field names the rest; null for none
 * @param field the request field (JSON name) whose text completes the path, or null
 * @param name reads that field from the typed request
 */
public record ResourcePath<Q extends Record>(
    String prefix, String field, Function<? super Q, String> name) {

  public ResourcePath {
    if ((field == null) != (name == null) || (field != null && prefix == null)) {
      throw new IllegalArgumentException("a named path needs a prefix, a field and its reader");
    }
  }

  /** The operation names no path. */
  public static <Q extends Record> ResourcePath<Q> none() {
    return new ResourcePath<>(null, null, null);
  }

  /** Always {@code path}. */
  public static <Q extends Record> ResourcePath<Q> fixed(String path) {
    return new ResourcePath<>(path, null, null);
  }

  /** {@code prefix} followed by the request's {@code field} (none when it is empty). */
  public static <Q extends Record> ResourcePath<Q> named(
      String prefix, String field, Function<? super Q, String> name) {
    return new ResourcePath<>(prefix, field, name);
  }

  /** The path of a typed request, or null. */
  public String of(Q request) {
    if (name == null) {
      return prefix;
    }
    return complete(name.apply(request));
  }

  /** The path from unchecked request data ({@code field} → raw value), or null. Never throws. */
  public String ofRaw(Function<String, Object> rawField) {
    if (field == null) {
      return prefix;
    }
    Object value = rawField.apply(field);
    return value instanceof String s ? complete(s) : null;
  }

  private String complete(String value) {
    return value == null || value.isEmpty() ? null : prefix + value;
  }
}
