package dev.metacircular.apps.shell.client;

import dev.metacircular.ports.error.DomainException;

/**
 * The shell's one session token, shared by the clients of both services (an identity token that
 * names no audience is accepted by the crypto service too). Never printed, never logged.
 */
public final class BearerToken {
  private volatile String value;

  public boolean present() {
    return value != null;
  }

  void set(String token) {
    this.value = token;
  }

  void clear() {
    this.value = null;
  }

  /** The token for an {@code Authorization} header; {@code Unauthenticated} when logged out. */
  String require() {
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
