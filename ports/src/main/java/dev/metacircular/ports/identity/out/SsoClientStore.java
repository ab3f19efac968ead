package dev.metacircular.ports.identity.out;

import java.util.List;
import java.util.Optional;

/** Outbound port: the registered SSO clients, by client id. */
public interface SsoClientStore {

  /** {@code DomainException.Conflict("client already exists")} when the id is taken. */
  void insert(StoredSsoClient client);

  /** Replaces the stored client with the same id; {@code NotFound} when there is none. */
  void update(StoredSsoClient client);

  Optional<StoredSsoClient> find(String clientId);

  /** Every client, ordered by client id. */
  List<StoredSsoClient> list();

  /**
   * Deletes the client; false when it did not exist. Its outstanding codes can no longer be
   * exchanged (a store may delete them with it).
   */
  boolean delete(String clientId);
}
