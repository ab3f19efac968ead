package dev.metacircular.ports.acme.in;

import java.util.List;
import java.util.Objects;

/**
 * A newAccount request (RFC 8555 §7.3).
 *
 * @param url the newAccount URL the request was sent to (the EAB's {@code url} must equal it)
 * @param binding the external account binding, or null
 */
public record NewAccount(
    AccountKey key,
    List<String> contact,
    boolean termsOfServiceAgreed,
    boolean onlyReturnExisting,
    ExternalBinding binding,
    String url) {
  public NewAccount {
    Objects.requireNonNull(key, "key");
    contact = contact == null ? List.of() : List.copyOf(contact);
    Objects.requireNonNull(url, "url");
  }
}
