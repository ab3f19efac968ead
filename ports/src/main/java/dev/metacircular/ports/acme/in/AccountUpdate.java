package dev.metacircular.ports.acme.in;

import java.util.List;

/**
 * A change to an account: new contacts (null leaves them), or deactivation.
 *
 * @param contact the new contact URLs, or null for no change
 */
public record AccountUpdate(List<String> contact, boolean deactivate) {
  public AccountUpdate {
    contact = contact == null ? null : List.copyOf(contact);
  }
}
