package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import java.util.List;

/** An account as the templates show it: wire names, times as text, never a credential. */
public record AccountView(
    String id,
    String username,
    String type,
    String status,
    List<String> roles,
    boolean totpEnabled,
    boolean human,
    String createdAt,
    String updatedAt) {

  static AccountView of(Account a) {
    return new AccountView(
        a.id().toString(),
        a.username(),
        a.type().wireName(),
        a.status().wireName(),
        a.roles().stream().map(Role::wireName).sorted().toList(),
        a.totpEnabled(),
        a.type() == AccountType.HUMAN,
        Times.show(a.createdAt()),
        Times.show(a.updatedAt()));
  }
}
