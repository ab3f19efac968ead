package dev.metacircular.ports.auth;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/** Human accounts log in with a password; system accounts get long-lived tokens from an admin. */
public enum AccountType {
  HUMAN,
  SYSTEM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountType fromWire(String value) {
    if (value != null) {
      for (AccountType t : values()) {
        if (t.wireName().equals(value)) {
          return t;
        }
      }
    }
    throw new DomainException.InvalidInput("account_type must be \"human\" or \"system\"");
  }
}
