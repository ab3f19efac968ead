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
 * @param otherwise the path when the request does not give {@code field} (an operation that takes
 *     one of two identifying fields, such as a revocation by serial or by key id), or null
 */
public record ResourcePath<Q extends Record>(
    String prefix, String field, Function<? super Q, String> name, ResourcePath<Q> otherwise) {

  public ResourcePath {
    if ((field == null) != (name == null) || (field != null && prefix == null)) {
      throw new IllegalArgumentException("a named path needs a prefix, a field and its reader");
    }
    if (otherwise != null && field == null) {
      throw new IllegalArgumentException("only a named path has an alternative");
    }
  }

  public ResourcePath(String prefix, String field, Function<? super Q, String> name) {
    this(prefix, field, name, null);
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

  /**
   * This path, or {@code alternative} when the request does not give this one's field: {@code
   * named("certs/", "serial_number", ...).orElse(named("certs/key-id/", "key_id", ...))}.
   */
  public ResourcePath<Q> orElse(ResourcePath<Q> alternative) {
    return new ResourcePath<>(prefix, field, name, alternative);
  }

  /** The path of a typed request, or null. */
  public String of(Q request) {
    if (name == null) {
      return prefix;
    }
    String path = complete(name.apply(request));
    return path == null && otherwise != null ? otherwise.of(request) : path;
  }

  /** The path from unchecked request data ({@code field} → raw value), or null. Never throws. */
  public String ofRaw(Function<String, Object> rawField) {
    if (field == null) {
      return prefix;
    }
    Object value = rawField.apply(field);
    String path = value instanceof String s ? complete(s) : null;
    return path == null && value == null && otherwise != null ? otherwise.ofRaw(rawField) : path;
  }

  private String complete(String value) {
    return value == null || value.isEmpty() ? null : prefix + value;
  }
}
