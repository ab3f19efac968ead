package dev.metacircular.ports.identity.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Outbound port: per-account, per-source failure budgets and known sources (see {@link
 * LoginSource}). Every write happens inside the caller's unit of work, so reading a budget,
 * reserving a failure slot and updating the account commit together: concurrent attempts never
 * overshoot a budget.
 */
public interface LoginSourceStore {

  /** The row for this account and source, if any. */
  Optional<LoginSource> find(UUID accountId, String source);

  /**
   * Inserts or replaces the row for {@code source.accountId()} and {@code source.source()}. Throws
   * {@code DomainException.NotFound} when the account does not exist.
   */
  void put(LoginSource source);

  /**
   * Deletes the account's known sources whose last success is before {@code before} (the {@link
   * LoginSource#UNKNOWN_SOURCES} row is kept). Returns how many rows went.
   */
  int forgetStale(UUID accountId, Instant before);
}
