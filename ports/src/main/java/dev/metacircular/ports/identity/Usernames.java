package dev.metacircular.ports.identity;

import dev.metacircular.ports.error.DomainException;
import java.util.regex.Pattern;

/** The one definition of a valid username, shared by every door. */
public final class Usernames {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private Usernames() {}

  /** Returns the username or throws {@link DomainException.InvalidInput} with a clear message. */
  public static String requireValid(String username) {
    if (username == null || username.isEmpty()) {
      throw new DomainException.InvalidInput("username is required");
    }
    if (username.length() > MAX_LENGTH) {
      throw new DomainException.InvalidInput(
          "username is longer than " + MAX_LENGTH + " characters");
    }
    if (!VALID.matcher(username).matches()) {
      throw new DomainException.InvalidInput(
          "username may contain only letters, digits, '.', '_', '@' and '-',"
              + " and must start with a letter or digit");
    }
    return username;
  }
}
