package dev.metacircular.domain.access;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import java.util.UUID;

/**
 * The one admin check of every core (identity, crypto service): only the identity service's {@code
 * admin} role counts (DESIGN.md §8).
 */
public final class Admins {

  private Admins() {}

  /** Returns the caller, or throws {@code Forbidden("admin role required")}. */
  public static Caller require(Caller caller) {
    if (caller == null || !caller.isAdmin()) {
      throw new DomainException.Forbidden("admin role required");
    }
    return caller;
  }

  /** Admins may act on any account; anyone else only on their own. */
  public static Caller requireSelfOrAdmin(Caller caller, UUID accountId) {
    if (caller != null && (caller.isAdmin() || accountId.equals(caller.accountId()))) {
      return caller;
    }
    throw new DomainException.Forbidden("admin role required");
  }
}
