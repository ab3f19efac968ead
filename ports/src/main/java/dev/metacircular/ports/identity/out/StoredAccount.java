package dev.metacircular.ports.identity.out;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An account with its credentials, as storage keeps it. Never leaves the core: doors see {@link
 * Account}.
 *
 * @param passwordHash Argon2id PHC string, or null when no password is set
 * @param totpSecretSealed the TOTP secret sealed under the master key, or null
 * @param totpConfirmed whether login requires a TOTP code
 * @param totpLastStep the last accepted time step (replay guard), 0 when none
 * @param failedLogins consecutive failed logins since the last success
 * @param lockedUntil end of the current lockout, or null
 */
public record StoredAccount(
    UUID id,
    String username,
    AccountType type,
    AccountStatus status,
    Set<Role> roles,
    String passwordHash,
    byte[] totpSecretSealed,
    boolean totpConfirmed,
    long totpLastStep,
    int failedLogins,
    Instant lockedUntil,
    Instant createdAt,
    Instant updatedAt) {

  public StoredAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The view doors may show. */
  public Account toAccount() {
    return new Account(id, username, type, status, roles, totpConfirmed, createdAt, updatedAt);
  }

  @Override
  public String toString() {
    return "StoredAccount[id=" + id + ", username=" + username + ", status=" + status + "]";
  }
}
