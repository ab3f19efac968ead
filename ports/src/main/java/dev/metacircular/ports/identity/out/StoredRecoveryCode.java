package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One recovery code as stored: never the code, only its public id (the first group, used to find
 * the one hash to check) and the Argon2id hash of the whole code.
 *
 * @param usedAt null while the code has not been used
 */
public record StoredRecoveryCode(
    UUID accountId, String codeId, String hash, Instant createdAt, Instant usedAt) {

  public StoredRecoveryCode {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(codeId, "codeId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean used() {
    return usedAt != null;
  }

  @Override
  public String toString() {
    return "StoredRecoveryCode[account=" + accountId + ", id=" + codeId + ", used=" + used() + "]";
  }
}
