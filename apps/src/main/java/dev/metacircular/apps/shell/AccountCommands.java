package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code accounts ...}: the identity service's accounts (admin). ACCOUNT is a username or UUID. */
@Command(
    name = "accounts",
    description = "List, create, show, update and delete accounts (identity, admin).")
final class AccountCommands extends Group {
  private final ShellContext ctx;

  AccountCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "Every account that is not deleted.")
  void list() {
    TextTable table = new TextTable("USERNAME", "TYPE", "STATUS", "ROLES", "TOTP", "ID");
    for (Account a : ctx.identity().accounts()) {
      table.row(
          a.username(),
          a.type().wireName(),
          a.status().wireName(),
          roles(a.roles()),
          a.totpEnabled() ? "on" : "off",
          a.id());
    }
    table.print(ctx.out());
  }

  @Command(name = "show", description = "One account.")
  void show(@Parameters(paramLabel = "ACCOUNT") String account) {
    print(ctx.identity().account(ctx.accountId(account)));
  }

  @Command(
      name = "create",
      description = {
        "Create an account. A human account prompts for its password twice (no echo; 12+"
            + " characters) unless --no-password; a system account has none."
      })
  void create(
      @Parameters(paramLabel = "USERNAME") String username,
      @Option(
              names = "--type",
              defaultValue = "human",
              paramLabel = "ACCOUNT_TYPE",
              description = "human or system (default ${DEFAULT-VALUE}).")
          String type,
      @Option(
              names = "--role",
              paramLabel = "ROLE",
              split = ",",
              description = "admin, user, guest or metrics; repeat or comma-separate.")
          List<String> roles,
      @Option(names = "--no-password", description = "Create a human account without a password.")
          boolean noPassword) {
    AccountType accountType = AccountType.fromWire(type);
    Set<Role> roleSet = roles(roles);
    char[] password = null;
    try {
      if (accountType == AccountType.HUMAN && !noPassword) {
        password = ctx.secrets.readNew("Password for " + username);
      }
      Account created =
          ctx.identity().create(new CreateAccountCommand(username, accountType, password, roleSet));
      ctx.println("created " + created.username() + " (" + created.id() + ")");
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  @Command(
      name = "update",
      description = "Change an account's status (anything but active revokes its tokens).")
  void update(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Option(
              names = "--status",
              required = true,
              paramLabel = "STATUS",
              description = "active or inactive")
          String status) {
    AccountStatus s = AccountStatus.fromWire(status);
    Account updated =
        ctx.identity().update(ctx.accountId(account), new UpdateAccountCommand(s, null));
    ctx.println(updated.username() + " is now " + updated.status().wireName());
  }

  @Command(
      name = "set-password",
      description = "Set an account's password (prompted twice, no echo; clears a lockout).")
  void setPassword(@Parameters(paramLabel = "ACCOUNT") String account) {
    UUID id = ctx.accountId(account);
    char[] password = ctx.secrets.readNew("New password for " + account);
    try {
      ctx.identity().update(id, new UpdateAccountCommand(null, password));
    } finally {
      Arrays.fill(password, '\0');
    }
    ctx.println("password set for " + account);
  }

  @Command(
      name = "delete",
      description = "Delete an account (soft delete; its tokens are revoked).")
  void delete(@Parameters(paramLabel = "ACCOUNT") String account) {
    ctx.identity().delete(ctx.accountId(account));
    ctx.println("deleted " + account);
  }

  static Set<Role> roles(List<String> names) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    if (names != null) {
      for (String n : names) {
        out.add(Role.fromWire(n.trim()));
      }
    }
    return out;
  }

  static String roles(Set<Role> roles) {
    return roles.isEmpty()
        ? "-"
        : roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  private void print(Account a) {
    ctx.println("id:       " + a.id());
    ctx.println("username: " + a.username());
    ctx.println("type:     " + a.type().wireName());
    ctx.println("status:   " + a.status().wireName());
    ctx.println("roles:    " + roles(a.roles()));
    ctx.println("totp:     " + (a.totpEnabled() ? "enabled" : "disabled"));
    ctx.println("created:  " + a.createdAt());
    ctx.println("updated:  " + a.updatedAt());
  }
}
