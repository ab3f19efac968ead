package dev.metacircular.rest;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Accounts and roles (admin, enforced by the core). Responses never carry a credential. */
final class AccountController {
  private final AccountUseCase accounts;

  AccountController(AccountUseCase accounts) {
    this.accounts = accounts;
  }

  void create(Context ctx, Caller caller) {
    CreateRequest request = JsonBodies.read(ctx, CreateRequest.class);
    try {
      Account account =
          accounts.create(
              caller,
              new CreateAccountCommand(
                  request.username(),
                  AccountType.fromWire(request.accountType()),
                  request.password(),
                  request.roles() == null ? Set.of() : parseRoles(request.roles())));
      JsonBodies.write(ctx, 201, AccountView.of(account));
    } finally {
      Passwords.wipe(request.password());
    }
  }

  void list(Context ctx, Caller caller) {
    List<AccountView> views = accounts.list(caller).stream().map(AccountView::of).toList();
    JsonBodies.write(ctx, 200, new AccountList(views));
  }

  void get(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, AccountView.of(accounts.get(caller, pathId(ctx))));
  }

  void update(Context ctx, Caller caller) {
    UUID id = pathId(ctx);
    UpdateRequest request = JsonBodies.read(ctx, UpdateRequest.class);
    try {
      AccountStatus status =
          request.status() == null ? null : AccountStatus.fromWire(request.status());
      Account account =
          accounts.update(caller, id, new UpdateAccountCommand(status, request.password()));
      JsonBodies.write(ctx, 200, AccountView.of(account));
    } finally {
      Passwords.wipe(request.password());
    }
  }

  void delete(Context ctx, Caller caller) {
    accounts.delete(caller, pathId(ctx));
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void roles(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, new RolesBody(roleNames(accounts.roles(caller, pathId(ctx)))));
  }

  void setRoles(Context ctx, Caller caller) {
    UUID id = pathId(ctx);
    RolesBody request = JsonBodies.read(ctx, RolesBody.class);
    if (request.roles() == null) {
      throw new DomainException.InvalidInput("roles is required");
    }
    Account account = accounts.setRoles(caller, id, parseRoles(request.roles()));
    JsonBodies.write(ctx, 200, new RolesBody(roleNames(account.roles())));
  }

  static List<String> roleNames(Collection<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().toList();
  }

  private static Set<Role> parseRoles(List<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.fromWire(name));
    }
    return roles;
  }

  private static UUID pathId(Context ctx) {
    return Ids.accountId(ctx.pathParam("id"));
  }

  record CreateRequest(String username, String accountType, char[] password, List<String> roles) {
    @Override
    public String toString() {
      return "CreateRequest[username=" + username + "]";
    }
  }

  record UpdateRequest(String status, char[] password) {
    @Override
    public String toString() {
      return "UpdateRequest[status=" + status + "]";
    }
  }

  record RolesBody(List<String> roles) {}

  record AccountList(List<AccountView> accounts) {}

  /** The one JSON form of an account: no password hash, no TOTP secret. */
  record AccountView(
      String id,
      String username,
      String accountType,
      String status,
      List<String> roles,
      boolean totpEnabled,
      Instant createdAt,
      Instant updatedAt) {
    static AccountView of(Account a) {
      return new AccountView(
          a.id().toString(),
          a.username(),
          a.type().wireName(),
          a.status().wireName(),
          roleNames(a.roles()),
          a.totpEnabled(),
          a.createdAt(),
          a.updatedAt());
    }
  }
}
