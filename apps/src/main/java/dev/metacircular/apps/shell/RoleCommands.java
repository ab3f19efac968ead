package dev.metacircular.apps.shell;

import dev.metacircular.ports.auth.Role;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code roles ...}: an account's roles (identity, admin). A change revokes its tokens. */
@Command(
    name = "roles",
    description = "List, grant and revoke an account's roles (admin, user, guest).")
final class RoleCommands extends Group {
  private final ShellContext ctx;

  RoleCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(name = "list", description = "The account's roles.")
  void list(@Parameters(paramLabel = "ACCOUNT") String account) {
    ctx.println(AccountCommands.roles(ctx.identity().account(ctx.accountId(account)).roles()));
  }

  @Command(
      name = "grant",
      description = "Add a role (revokes the account's tokens, so none carries stale roles).")
  void grant(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Parameters(paramLabel = "ROLE") String role) {
    change(account, Role.fromWire(role), true);
  }

  @Command(name = "revoke", description = "Remove a role (revokes the account's tokens).")
  void revoke(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Parameters(paramLabel = "ROLE") String role) {
    change(account, Role.fromWire(role), false);
  }

  private void change(String account, Role role, boolean grant) {
    UUID id = ctx.accountId(account);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(ctx.identity().account(id).roles());
    boolean changed = grant ? roles.add(role) : roles.remove(role);
    if (changed) {
      roles = ctx.identity().setRoles(id, roles);
    }
    ctx.println(
        (grant ? "granted " : "revoked ")
            + role.wireName()
            + (changed ? "" : " (no change)")
            + "; roles of "
            + account
            + ": "
            + AccountCommands.roles(roles));
  }
}
