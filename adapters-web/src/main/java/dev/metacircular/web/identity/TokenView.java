package dev.metacircular.web.identity;

import dev.metacircular.ports.identity.TokenRecord;
import java.util.Locale;

/** A token record as the templates show it (never the token itself: it is not stored). */
public record TokenView(
    String jti,
    String kind,
    String issuedAt,
    String expiresAt,
    boolean revoked,
    String revokedAt,
    String revokeReason) {

  static TokenView of(TokenRecord t) {
    return new TokenView(
        t.jti(),
        t.kind().name().toLowerCase(Locale.ROOT),
        Times.show(t.issuedAt()),
        Times.show(t.expiresAt()),
        t.revoked(),
        Times.show(t.revokedAt()),
        t.revokeReason());
  }
}
