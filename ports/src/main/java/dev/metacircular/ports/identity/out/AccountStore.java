package dev.metacircular.ports.identity.out;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: accounts with their roles and credentials. */
public interface AccountStore {

  /**
   * Stores a new account. Throws {@code DomainException.Conflict} ({@link
   * dev.metacircular.ports.identity.Usernames#taken}) when the username is taken ignoring case (by
   * any account, deleted ones included): "alice" blocks "Alice".
   */
  void insert(StoredAccount account);

  /**
   * Replaces every field of the stored account with this id (roles included). Throws {@code
   * DomainException.NotFound} when there is none, {@code Conflict} on a username another account
   * has, ignoring case.
   */
  void update(StoredAccount account);

  Optional<StoredAccount> findById(UUID id);

  /** Exact, case-sensitive match. */
  Optional<StoredAccount> findByUsername(String username);

  /** Every account, deleted ones included, ordered by username. */
  List<StoredAccount> list();
}
