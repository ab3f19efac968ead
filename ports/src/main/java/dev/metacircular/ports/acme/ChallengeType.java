package dev.metacircular.ports.acme;

import java.util.Optional;

/** The challenge types the server offers and validates. */
public enum ChallengeType {
  HTTP_01("http-01"),
  DNS_01("dns-01"),
  TLS_ALPN_01("tls-alpn-01");

  private final String wireName;

  ChallengeType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in challenge objects ({@code http-01}). */
  public String wireName() {
    return wireName;
  }

  public static Optional<ChallengeType> named(String name) {
    for (ChallengeType t : values()) {
      if (t.wireName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
