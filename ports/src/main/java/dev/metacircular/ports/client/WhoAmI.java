package dev.metacircular.ports.client;

import java.time.Instant;
import java.util.List;

/**
 * Who a token stands for, as the services answer it ({@code /v1/token/validate}, {@code
 * /v1/auth/tokeninfo}). {@code expiresAt} may be null when the service did not say.
 */
public record WhoAmI(
    String accountId, String username, List<String> roles, String accountType, Instant expiresAt) {

  public WhoAmI {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** Whether the account holds the {@code admin} role. */
  public boolean isAdmin() {
    return roles.contains("admin");
  }
}
