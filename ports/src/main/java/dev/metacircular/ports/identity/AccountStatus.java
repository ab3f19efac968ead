package dev.metacircular.ports.identity;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/** Only active accounts may log in or hold valid tokens. Deleted is a soft delete. */
public enum AccountStatus {
  ACTIVE,
  INACTIVE,
  DELETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountStatus fromWire(String value) {
    if (value != null) {
      for (AccountStatus s : values()) {
        if (s.wireName().equals(value)) {
          return s;
        }
      }
    }
    throw new DomainException.InvalidInput(
        "status must be \"active\", \"inactive\" or \"deleted\"");
  }
}
