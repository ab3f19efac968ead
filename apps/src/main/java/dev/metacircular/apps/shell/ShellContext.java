package dev.metacircular.apps.shell;

import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.SessionClient;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import java.io.PrintWriter;
import java.util.UUID;
import org.jline.terminal.Terminal;

/** What every shell command works with: the connection, the terminal, who is logged in. */
final class ShellContext {
  final Connection connection;
  final Terminal terminal;
  final Styles styles;
  final SecretPrompt secrets;
  private volatile WhoAmI user;

  ShellContext(Connection connection, Terminal terminal, Styles styles) {
    this.connection = connection;
    this.terminal = terminal;
    this.styles = styles;
    this.secrets = new SecretPrompt(terminal);
  }

  PrintWriter out() {
    return terminal.writer();
  }

  void println(String line) {
    terminal.writer().println(line);
    terminal.flush();
  }

  IdentityClient identity() {
    if (connection.identity() == null) {
      throw new IllegalStateException(
          "not connected to the identity service (start the shell with --identity-addr URL, or"
              + " --offline --config mcias.toml)");
    }
    return connection.identity();
  }

  CryptoClient crypto() {
    if (connection.crypto() == null) {
      throw new IllegalStateException(
          "not connected to the crypto service (start the shell with --crypto-addr URL, or"
              + " --offline --config metacrypt.toml)");
    }
    return connection.crypto();
  }

  SessionClient session() {
    if (connection.session() == null) {
      throw new IllegalStateException(
          "offline: there is no login; every command runs as the offline tool mc-shell");
    }
    return connection.session();
  }

  WhoAmI user() {
    return user;
  }

  void user(WhoAmI who) {
    this.user = who;
  }

  /** An account by UUID or username. */
  UUID accountId(String ref) {
    try {
      UUID id = UUID.fromString(ref);
      if (id.toString().equalsIgnoreCase(ref)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // a username
    }
    for (Account a : identity().accounts()) {
      if (a.username().equals(ref)) {
        return a.id();
      }
    }
    throw new DomainException.NotFound("account " + ref + " not found");
  }
}
