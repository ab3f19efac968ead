package dev.metacircular.ports.acme;

import java.util.Objects;

/**
 * Where and what a challenge validation checks: the DNS name (a wildcard's base name), the token
 * and the expected key authorization (RFC 8555 §8.1), and the only ports and resolver the
 * validation may use, from the mount's {@code acme} config.
 *
 * @param dnsResolver "host:port" of the DNS server every lookup goes to, or empty for the system's
 */
public record ValidationTarget(
    ChallengeType type,
    String name,
    String token,
    String keyAuthorization,
    int http01Port,
    int tlsAlpn01Port,
    String dnsResolver) {
  public ValidationTarget {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(keyAuthorization, "keyAuthorization");
    if (name.startsWith("*.")) {
      throw new IllegalArgumentException("validate a wildcard's base name");
    }
    if (http01Port < 1 || http01Port > 65535 || tlsAlpn01Port < 1 || tlsAlpn01Port > 65535) {
      throw new IllegalArgumentException("ports must be 1-65535");
    }
    dnsResolver = dnsResolver == null ? "" : dnsResolver;
  }
}
