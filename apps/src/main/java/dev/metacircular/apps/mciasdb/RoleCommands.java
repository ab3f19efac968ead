package dev.metacircular.apps.mciasdb;

import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.in.AccountUseCase;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mc mcias db role ...}: an account's roles, offline. */
@Command(
    name = "role",
    mixinStandardHelpOptions = true,
    description = "List, grant and revoke an account's roles (admin, user, guest).")
final class RoleCommands implements Runnable {
  @ParentCommand private DbCommand db;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (list, grant or revoke)");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the account's roles, one per line.")
  void list(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id) {
    try (LocalIdentity identity = db.openIdentity()) {
      identity.core().accounts().roles(DbCommand.CALLER, id).stream()
          .map(Role::wireName)
          .sorted()
          .forEach(db.out()::println);
      db.out().flush();
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Add a role to the account.")
  void grant(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id,
      @Option(
              names = "--role",
              required = true,
              paramLabel = "ROLE",
              converter = Converters.RoleName.class)
          Role role) {
    change(id, role, true);
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove a role from the account.")
  void revoke(
      @Option(
              names = "--id",
              required = true,
              paramLabel = "UUID",
              converter = Converters.AccountId.class)
          UUID id,
      @Option(
              names = "--role",
              required = true,
              paramLabel = "ROLE",
              converter = Converters.RoleName.class)
          Role role) {
    change(id, role, false);
  }

  private void change(UUID id, Role role, boolean grant) {
    try (LocalIdentity identity = db.openIdentity()) {
      AccountUseCase accounts = identity.core().accounts();
      Set<Role> roles = EnumSet.noneOf(Role.class);
      roles.addAll(accounts.roles(DbCommand.CALLER, id));
      boolean changed = grant ? roles.add(role) : roles.remove(role);
      if (changed) {
        accounts.setRoles(DbCommand.CALLER, id, roles);
      }
      db.out()
          .println(
              (grant ? "granted " : "revoked ")
                  + role.wireName()
                  + (changed ? "" : " (no change)")
                  + "; roles of "
                  + id
                  + ": "
                  + AccountCommands.roles(roles));
      db.out().flush();
    }
  }
}
