package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.apps.config.GoDuration;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokens ...}: service tokens, revocation and validation (identity, admin). */
@Command(
    name = "tokens",
    description = "Issue service tokens, list, revoke and validate tokens (identity).")
final class TokenCommands extends Group {
  private final ShellContext ctx;

  TokenCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  @Command(
      name = "issue",
      description = {
        "Issue a long-lived token for an active system account (admin).",
        "The token is printed once: store it where the service reads it."
      })
  void issue(
      @Parameters(paramLabel = "ACCOUNT") String account,
      @Option(
              names = "--ttl",
              paramLabel = "DURATION",
              description = "Lifetime, e.g. 720h or 8760h (default: the service's, 365 days).")
          String ttl,
      @Option(
              names = "--service",
              paramLabel = "NAME",
              description =
                  "The service the token is for, its audience, e.g. metacrypt"
                      + " (default: the identity service itself).")
          String service) {
    Duration lifetime = ttl == null ? null : GoDuration.parse(ttl);
    IssuedToken t = ctx.identity().issueServiceToken(ctx.accountId(account), lifetime, service);
    ctx.println("for:     " + (service == null ? "the identity service" : service));
    ctx.println("jti:     " + t.jti());
    ctx.println("expires: " + t.expiresAt());
    ctx.println("token:   " + t.token());
  }

  @Command(name = "list", description = "An account's tokens, newest first.")
  void list(@Parameters(paramLabel = "ACCOUNT") String account) {
    TextTable table = new TextTable("JTI", "KIND", "ISSUED", "EXPIRES", "REVOKED");
    for (TokenRecord t : ctx.identity().tokens(ctx.accountId(account))) {
      table.row(
          t.jti(),
          t.kind().name().toLowerCase(Locale.ROOT),
          t.issuedAt(),
          t.expiresAt(),
          t.revoked() ? t.revokedAt() : "-");
    }
    table.print(ctx.out());
  }

  @Command(name = "revoke", description = "Revoke one token by its jti.")
  void revoke(
      @Parameters(paramLabel = "JTI") String jti,
      @Option(names = "--reason", paramLabel = "TEXT") String reason) {
    ctx.identity().revokeToken(jti, reason == null ? "revoked with mc shell" : reason);
    ctx.println("revoked " + jti);
  }

  @Command(
      name = "validate",
      description = {
        "Check a token: prompts for it (no echo, never recorded) and shows who it stands for."
      })
  void validate() {
    char[] token = ctx.secrets.read("Token");
    Optional<WhoAmI> who;
    try {
      who = ctx.identity().validate(new String(token).trim());
    } finally {
      Arrays.fill(token, '\0');
    }
    if (who.isEmpty()) {
      ctx.println(ctx.styles.error("invalid") + " (malformed, expired, revoked or not ours)");
      return;
    }
    ctx.println(ctx.styles.ok("valid") + ": " + ShellRoot.describe(who.get()));
    ctx.println("account id: " + who.get().accountId());
    if (who.get().expiresAt() != null) {
      ctx.println("expires:    " + who.get().expiresAt());
    }
  }
}
