package dev.metacircular.ports.policy;

/** What a matching rule decides. */
public enum Effect {
  ALLOW,
  DENY;

  /** The lower-case wire name ({@code allow} / {@code deny}). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code allow} / {@code deny} in any case. */
  public static Effect fromWire(String value) {
    if (value != null) {
      for (Effect e : values()) {
        if (e.name().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
    }
    throw new dev.metacircular.ports.error.DomainException.InvalidInput(
        "effect must be \"allow\" or \"deny\"");
  }
}
