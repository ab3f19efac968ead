package dev.metacircular.ports.acme.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACME account.
 *
 * @param status {@code valid} or {@code deactivated}
 * @param created whether this answer created it (the door answers 201 then, else 200)
 */
public record AcmeAccount(
    String id, String status, List<String> contact, Instant createdAt, boolean created) {
  public AcmeAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    contact = List.copyOf(contact);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
