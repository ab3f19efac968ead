package dev.metacircular.ports.identity.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: accounts with their roles and credentials. */
public interface AccountStore {

  /**
   * Stores a new account. Throws {@code DomainException.Conflict("username already exists")}
   * when the username is taken (by any account, deleted ones included).
   */
  void insert(StoredAccount account);

  /**
   * Replaces every field of the stored account with this id (roles included). Throws
   * {@code DomainException.NotFound} when there is none, {@code Conflict} on a taken username.
   */
  void update(StoredAccount account);

  Optional<StoredAccount> findById(UUID id);

  /** Exact, case-sensitive match. */
  Optional<StoredAccount> findByUsername(String username);

  /** Every account, deleted ones included, ordered by username. */
  List<StoredAccount> list();
}
