package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mc mcias db account ...}: accounts, offline. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "List, inspect, create and change accounts.")
final class AccountCommands implements Runnable {
  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command (list, get, create, set-password, set-status or reset-totp)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List accounts (deleted ones excluded).")
  void list() {
    try (LocalIdentity identity = db.openIdentity()) {
      TextTable table =
          new TextTable("ID", "USERNAME", "TYPE", "STATUS", "ROLES", "TOTP", "CREATED");
      for (Account a : identity.core().accounts().list(DbCommand.CALLER)) {
        table.row(
            a.id(),
            a.username(),
            a.type().wireName(),
            a.status().wireName(),
            roles(a.roles()),
            a.totpEnabled() ? "on" : "off",
            a.createdAt());
      }
      table.print(db.out());
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one account.")
  void get(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      print(db.out(), identity.core().accounts().get(DbCommand.CALLER, id));
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an account and print its UUID.",
        "Set a password afterwards with: account set-password --id UUID"
      })
  void create(
      @Option(names = "--username", required = true, paramLabel = "NAME") String username,
      @Option(
              names = "--type",
              required = true,
              paramLabel = "human|system",
              converter = Converters.Type.class)
          AccountType type) {
    try (LocalIdentity identity = db.openIdentity()) {
      Account created =
          identity
              .core()
              .accounts()
              .create(DbCommand.CALLER, new CreateAccountCommand(username, type, null, Set.of()));
      db.out().println(created.id());
      db.out().flush();
    }
  }

  @Command(
      name = "set-password",
      mixinStandardHelpOptions = true,
      description = {
        "Set an account's password (clears any lockout).",
        "Prompted twice without echo on a terminal; otherwise one line is read from stdin."
      })
  void setPassword(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      Account account = identity.core().accounts().get(DbCommand.CALLER, id);
      char[] password =
          db.environment.terminal().readNewPassword("New password for " + account.username());
      try {
        identity.core().accounts().setPassword(DbCommand.CALLER, id, password);
      } finally {
        Arrays.fill(password, '\0');
      }
      db.out().println("password set for " + account.username() + " (" + id + ")");
      db.out().flush();
    }
  }

  @Command(
      name = "set-status",
      mixinStandardHelpOptions = true,
      description =
          "Activate, deactivate or delete an account (anything but active revokes its tokens).")
  void setStatus(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id,
      @Option(
              names = "--status",
              required = true,
              paramLabel = "active|inactive|deleted",
              converter = Converters.Status.class)
          AccountStatus status) {
    try (LocalIdentity identity = db.openIdentity()) {
      if (status == AccountStatus.DELETED) {
        identity.core().accounts().delete(DbCommand.CALLER, id);
      } else {
        identity
            .core()
            .accounts()
            .update(DbCommand.CALLER, id, new UpdateAccountCommand(status, null));
      }
      db.out().println("status of " + id + " is now " + status.wireName());
      db.out().flush();
    }
  }

  @Command(
      name = "reset-totp",
      mixinStandardHelpOptions = true,
      description = "Remove an account's TOTP second factor.")
  void resetTotp(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      identity.core().totp().remove(DbCommand.CALLER, id);
      db.out().println("TOTP removed from " + id);
      db.out().flush();
    }
  }

  static String roles(Set<Role> roles) {
    return roles.isEmpty()
        ? "-"
        : roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }

  private static void print(PrintWriter out, Account a) {
    out.println("id:       " + a.id());
    out.println("username: " + a.username());
    out.println("type:     " + a.type().wireName());
    out.println("status:   " + a.status().wireName());
    out.println("roles:    " + roles(a.roles()));
    out.println("totp:     " + (a.totpEnabled() ? "enabled" : "disabled"));
    out.println("created:  " + a.createdAt());
    out.println("updated:  " + a.updatedAt());
    out.flush();
  }
}
