package dev.metacircular.apps.shell;

import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Parameters;

/**
 * The shell's command tree: the seal and session commands here, the groups in their own classes.
 * Passwords are always prompted without echo; no command takes one as an argument.
 */
@Command(
    name = ShellRoot.NAME,
    description = "Metacircular admin shell. Type help COMMAND for details; Tab completes.",
    subcommands = {
      AccountCommands.class,
      RoleCommands.class,
      TokenCommands.class,
      RuleCommands.LoginPolicy.class,
      RuleCommands.Acl.class,
      MountCommands.class,
      TransitCommands.class,
      SshCommands.class,
      U2uCommands.class,
      PkiCommands.class,
      AuditCommands.class,
      McpShellCommands.class,
      HelpCommand.class
    })
final class ShellRoot implements Runnable {
  /**
   * The shell's name in its own help ({@code Usage: mc-shell [COMMAND]}); a command's usage leaves
   * it out, since inside the shell one types the command alone.
   */
  static final String NAME = "mc-shell";

  private final ShellContext ctx;

  ShellRoot(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void run() {
    // an empty line does nothing
  }

  @Command(
      name = "status",
      description = "Show the services, the crypto service's seal state and who is logged in.")
  void status() {
    if (ctx.connection.identity() != null) {
      ctx.println("identity:  " + ctx.styles.ok(ctx.connection.identity().health()));
    }
    if (ctx.connection.crypto() != null) {
      ctx.println("crypto:    " + ctx.styles.state(ctx.connection.crypto().status().wireName()));
    }
    if (ctx.connection.offline()) {
      ctx.println("user:      offline tool mc-shell (admin rights, audited as mc-shell)");
    } else {
      WhoAmI who = ctx.user();
      ctx.println("user:      " + (who == null ? "not logged in" : describe(who)));
      ctx.println("transport: " + ctx.connection.transport());
    }
  }

  @Command(
      name = "init",
      description = {
        "Initialize the crypto service: prompts for the seal password twice (12-1024 characters).",
        "The password is never stored: if it is lost, every key is lost."
      })
  void init() {
    char[] password = ctx.secrets.readNew("Seal password");
    try {
      ctx.crypto().init(password);
    } finally {
      Arrays.fill(password, '\0');
    }
    ctx.println(ctx.styles.ok("initialized and unsealed"));
  }

  @Command(
      name = "unseal",
      description = "Unseal the crypto service (prompts for the seal password).")
  void unseal() {
    if (ctx.crypto().status() == SealState.UNSEALED) {
      ctx.println("already unsealed");
      return;
    }
    char[] password = ctx.secrets.read("Seal password");
    try {
      ctx.crypto().unseal(password);
    } finally {
      Arrays.fill(password, '\0');
    }
    ctx.println(ctx.styles.ok("unsealed"));
  }

  @Command(
      name = "seal",
      description = "Seal the crypto service: every key is wiped from its memory (admin).")
  void seal() {
    ctx.crypto().seal();
    ctx.println(ctx.styles.warn("sealed"));
  }

  @Command(
      name = "rekey",
      description = {
        "Change the seal password (admin): prompts for the current one, then the new one twice.",
        "Snapshots taken before keep needing the old password."
      })
  void rekey() {
    char[] current = ctx.secrets.read("Current seal password");
    char[] next = null;
    try {
      next = ctx.secrets.readNew("New seal password");
      ctx.crypto().rekey(current, next);
    } finally {
      Arrays.fill(current, '\0');
      if (next != null) {
        Arrays.fill(next, '\0');
      }
    }
    ctx.println(ctx.styles.ok("seal password changed"));
  }

  @Command(
      name = "rotate",
      description =
          "Add a master key version; older entries are re-encrypted in the background (admin).")
  void rotate() {
    print(ctx.crypto().rotate());
  }

  @Command(
      name = "key-status",
      description = "Master key versions and re-encryption progress (admin).")
  void keyStatus() {
    print(ctx.crypto().keyStatus());
  }

  @Command(
      name = "login",
      description = {
        "Log in: prompts for the password (no echo), and for a TOTP code when the account has one.",
        "With both services connected it logs in to each (each accepts only its own tokens; an"
            + " account with TOTP then needs two codes, one after the other)."
      })
  void login(
      @Parameters(paramLabel = "USERNAME", description = "The account name.") String username) {
    ctx.session(); // offline there is no login: say so before asking for a password
    char[] password = ctx.secrets.read("Password for " + username);
    try {
      WhoAmI who = null;
      String code = null;
      // Two codes at most: with both services, the second for the crypto service (a code works
      // once, so it is the next one the authenticator shows).
      for (int asked = 0; who == null; asked++) {
        try {
          who = ctx.session().login(username, password, code);
        } catch (DomainException.Unauthenticated e) {
          if (!"totp required".equals(e.getMessage()) || asked >= 2) {
            throw e;
          }
          char[] typed =
              ctx.secrets.read(
                  asked == 0
                      ? "TOTP code"
                      : "Next TOTP code for the crypto service (the last one was spent; wait for a new one)");
          try {
            code = new String(typed);
          } finally {
            Arrays.fill(typed, '\0');
          }
        }
      }
      ctx.user(who);
      ctx.println("logged in as " + describe(who));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  @Command(name = "logout", description = "Revoke the session token and forget it.")
  void logout() {
    try {
      ctx.session().logout();
    } finally {
      ctx.user(null);
    }
    ctx.println("logged out");
  }

  @Command(
      name = "whoami",
      description = "Who the session token stands for, as the service sees it.")
  void whoami() {
    WhoAmI who = ctx.session().whoami();
    ctx.user(who);
    ctx.println(describe(who));
    ctx.println("account id: " + who.accountId());
    if (who.expiresAt() != null) {
      ctx.println("expires:    " + who.expiresAt());
    }
  }

  @Command(name = "exit", aliases = "quit", description = "Leave the shell (Ctrl-D does too).")
  void exit() {
    throw new ExitRequested();
  }

  static String describe(WhoAmI who) {
    return who.username()
        + " ("
        + (who.roles().isEmpty() ? "no roles" : String.join(",", who.roles()))
        + (who.accountType().isEmpty() ? "" : ", " + who.accountType())
        + ")";
  }

  private void print(KeyRotation r) {
    ctx.println("active version:  " + r.activeVersion());
    ctx.println("versions:        " + r.versions());
    ctx.println("entries pending: " + r.entriesPending());
    ctx.println("in progress:     " + r.inProgress());
  }

  /** Thrown by {@code exit}; the loop ends. */
  static final class ExitRequested extends RuntimeException {
    ExitRequested() {
      super("exit", null, false, false);
    }
  }
}
