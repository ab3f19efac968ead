package dev.metacircular.ports.auth;

import dev.metacircular.ports.error.DomainException;
import java.util.Locale;

/** The identity roles. Admin status comes only from {@link #ADMIN}. */
public enum Role {
  ADMIN,
  USER,
  GUEST,
  /** May read the service's metrics ({@code GET /metrics}) and nothing else. */
  METRICS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String value) {
    if (value != null) {
      for (Role r : values()) {
        if (r.wireName().equals(value)) {
          return r;
        }
      }
    }
    throw new DomainException.InvalidInput(
        "unknown role " + quoteShort(value) + " (expected admin, user, guest or metrics)");
  }

  private static String quoteShort(String value) {
    if (value == null) {
      return "null";
    }
    String v = value.length() > 32 ? value.substring(0, 32) + "..." : value;
    return "\"" + v + "\"";
  }
}
