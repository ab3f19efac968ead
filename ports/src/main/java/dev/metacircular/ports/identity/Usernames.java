package dev.metacircular.ports.identity;

import dev.metacircular.ports.error.DomainException;
import java.util.regex.Pattern;

/**
 * The one definition of a valid username, shared by every door.
 *
 * <p>Usernames are compared exactly (case-sensitively) when looked up, but two accounts may not
 * have usernames that differ only in case: "Alice" cannot be created while "alice" exists (and vice
 * versa), so a person reading a name in the audit log or an admin typing it never meets two
 * look-alike accounts. A new username may not end with '.', which DNS-style tooling treats as the
 * same name without it. Both are refused, not normalised: the name stored is the name given.
 */
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

  /**
   * {@link #requireValid}, plus the rules only a new name must meet: no trailing '.'. (Names that
   * exist keep working at login.)
   */
  public static String requireValidNew(String username) {
    requireValid(username);
    if (username.endsWith(".")) {
      throw new DomainException.InvalidInput("username must not end with '.'");
    }
    return username;
  }

  /** Whether two usernames would clash: equal ignoring case. */
  public static boolean clash(String a, String b) {
    return a.equalsIgnoreCase(b);
  }

  /**
   * The refusal when {@code requested} is taken by {@code existing}: the plain "username already
   * exists" for the same name, and a message naming the other spelling for a case-only difference.
   */
  public static DomainException.Conflict taken(String requested, String existing) {
    if (requested.equals(existing)) {
      return new DomainException.Conflict("username already exists");
    }
    return new DomainException.Conflict(
        "username "
            + requested
            + " clashes with existing account "
            + existing
            + " (usernames are unique ignoring case)");
  }
}
