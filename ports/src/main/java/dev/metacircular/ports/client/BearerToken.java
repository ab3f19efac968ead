package dev.metacircular.ports.client;

import dev.metacircular.ports.error.DomainException;

/**
 * The session token of one service's clients: what binds a remote client to the account that logged
 * in. A shell connected to both services holds one for each, since each service accepts only tokens
 * of its own audience. Never printed, never logged.
 */
public final class BearerToken {
  private volatile String value;

  public boolean present() {
    return value != null;
  }

  /** Keeps the token a login answered. */
  public void set(String token) {
    this.value = token;
  }

  /** Forgets the token (logout). */
  public void clear() {
    this.value = null;
  }

  /** The token for an {@code Authorization} header; {@code Unauthenticated} when logged out. */
  public String require() {
    String v = value;
    if (v == null) {
      throw new DomainException.Unauthenticated("not logged in (use: login USERNAME)");
    }
    return v;
  }

  @Override
  public String toString() {
    return value == null ? "BearerToken[none]" : "BearerToken[set]";
  }
}
