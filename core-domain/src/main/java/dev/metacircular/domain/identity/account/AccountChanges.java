package dev.metacircular.domain.identity.account;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.out.StoredAccount;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Copies of a stored account with one aspect changed. Login bookkeeping (failure counter, lock,
 * TOTP step) leaves {@code updatedAt} alone: it tracks changes an admin or the owner made.
 */
public final class AccountChanges {

  private AccountChanges() {}

  public static StoredAccount withStatus(StoredAccount a, AccountStatus status, Instant now) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        status,
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        now);
  }

  /** A new password hash; clears the failure counter and any lockout. */
  public static StoredAccount withPassword(StoredAccount a, String passwordHash, Instant now) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        passwordHash,
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        0,
        null,
        a.createdAt(),
        now);
  }

  public static StoredAccount withRoles(StoredAccount a, Set<Role> roles, Instant now) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        roles,
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        now);
  }

  public static StoredAccount withFailures(StoredAccount a, int failedLogins, Instant lockedUntil) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        a.totpLastStep(),
        failedLogins,
        lockedUntil,
        a.createdAt(),
        a.updatedAt());
  }

  /** TOTP state; {@code sealedSecret} null removes TOTP. */
  public static StoredAccount withTotp(
      StoredAccount a, byte[] sealedSecret, boolean confirmed, long lastStep, Instant now) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        sealedSecret,
        confirmed,
        lastStep,
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        now);
  }

  /** A TOTP code of {@code step} was used; later codes must be of a later step. */
  public static StoredAccount withTotpStepUsed(StoredAccount a, long step) {
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        a.passwordHash(),
        a.totpSecretSealed(),
        a.totpConfirmed(),
        Math.max(step, a.totpLastStep()),
        a.failedLogins(),
        a.lockedUntil(),
        a.createdAt(),
        a.updatedAt());
  }

  /**
   * After a successful login: failures and lockout cleared, the TOTP step (0 when none was used)
   * recorded, and the password hash replaced when {@code upgradedHash} is not null.
   */
  public static StoredAccount afterLogin(
      StoredAccount a, long totpStep, String upgradedHash, Instant now) {
    String hash = upgradedHash != null ? upgradedHash : a.passwordHash();
    return new StoredAccount(
        a.id(),
        a.username(),
        a.type(),
        a.status(),
        a.roles(),
        hash,
        a.totpSecretSealed(),
        a.totpConfirmed(),
        Math.max(totpStep, a.totpLastStep()),
        0,
        null,
        a.createdAt(),
        upgradedHash != null ? now : a.updatedAt());
  }

  /** Role wire names, sorted and comma-separated, for audit details. */
  public static String roleList(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }
}
