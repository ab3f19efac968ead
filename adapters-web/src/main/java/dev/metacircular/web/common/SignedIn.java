package dev.metacircular.web.common;

import dev.metacircular.ports.auth.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who a session is signed in as: the identity token the service authenticates every page with (kept
 * server-side only, never written into a page or a cookie), the username and roles to show, and
 * when the token expires (the session's sign-in ends then too).
 */
public record SignedIn(String token, String username, Set<String> roles, Instant expiresAt) {
  public SignedIn {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(username, "username");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN.wireName());
  }

  @Override
  public String toString() {
    // The token is a bearer credential: never let it reach a log by accident.
    return "SignedIn[username=" + username + ", expiresAt=" + expiresAt + "]";
  }
}
