package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.error.DomainException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mounted engine: its name (unique per service, the {@code mount} of every request), its type
 * ({@code transit}, ...) and its configuration as given at mount time.
 */
public record Mount(String name, String type, Map<String, Object> config) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public Mount {
    requireValidName(name);
    Objects.requireNonNull(type, "type");
    config = config == null ? Map.of() : JsonTree.copy(config);
  }

  /**
   * Mount names are 1-63 characters of lower-case letters, digits, {@code -} and {@code _},
   * starting with a letter or digit, so they are safe as storage path segments and in URLs.
   */
  public static String requireValidName(String name) {
    if (name == null || name.isEmpty()) {
      throw new DomainException.InvalidInput("mount name is required");
    }
    if (!NAME.matcher(name).matches()) {
      throw new DomainException.InvalidInput(
          "mount name must be 1-63 characters of a-z, 0-9, '-' and '_', starting with a letter"
              + " or digit");
    }
    return name;
  }
}
