package dev.metacircular.ports.identity;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An account as any front door may show it. Carries no credential: password hashes and TOTP secrets
 * live only in {@link dev.metacircular.ports.identity.out.StoredAccount}.
 */
public record Account(
    UUID id,
    String username,
    AccountType type,
    AccountStatus status,
    Set<Role> roles,
    boolean totpEnabled,
    Instant createdAt,
    Instant updatedAt) {

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }
}
