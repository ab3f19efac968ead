package dev.metacircular.ports.acme.in;

import java.util.Objects;

/**
 * Who signed a {@code kid} request: the account named by the {@code kid} URL and the thumbprint of
 * the key whose signature the door verified (the core checks it is the account's current key).
 */
public record AccountSigner(String accountId, String thumbprint) {
  public AccountSigner {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(thumbprint, "thumbprint");
  }
}
