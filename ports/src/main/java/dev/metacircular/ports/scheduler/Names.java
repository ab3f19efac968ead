package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;
import java.util.regex.Pattern;

/**
 * The one rule for the names of services, components, routes and nodes: they become container
 * names, labels, directory names under {@code /srv} and environment variable suffixes, so they are
 * short, lower-case and free of anything a shell or a path would read specially.
 */
public final class Names {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private Names() {}

  /** Refuses a name that does not follow the rule, naming {@code what} in the message. */
  public static String requireName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new DomainException.InvalidInput(
          what
              + " must be 1-63 characters of a-z, 0-9, '-' or '_', starting with a letter or"
              + " digit, not \""
              + (name == null ? "" : name)
              + "\"");
    }
    return name;
  }

  /** Whether {@code name} follows the rule. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
