package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound port: each account's recovery codes (hashes only). A code is used at most once, even
 * when two sign-ins present it at the same moment: {@link #markUsed} succeeds for one of them.
 */
public interface RecoveryCodeStore {

  /**
   * Replaces every code of the account with {@code codes} (regenerating voids the old set). All
   * codes must belong to {@code accountId}; {@code DomainException.NotFound} when the account does
   * not exist.
   */
  void replace(UUID accountId, List<StoredRecoveryCode> codes);

  /** The account's code with this id, used or not. */
  Optional<StoredRecoveryCode> find(UUID accountId, String codeId);

  /** Marks an unused code used; false when it was used already or does not exist. */
  boolean markUsed(UUID accountId, String codeId, Instant at);

  /** How many of the account's codes are still unused. */
  int countUnused(UUID accountId);

  /** Removes every code of the account (for instance when its last second factor goes). */
  void deleteAll(UUID accountId);
}
