package dev.metacircular.apps.shell;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.OpenedMessage;
import dev.metacircular.ports.u2u.in.Register;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import dev.metacircular.ports.u2u.in.UserPublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code u2u ...}: user-to-user encryption on a mount ({@code --mount}, default {@code u2u}):
 * {@code register}, {@code send} (prints the envelope, base64) and {@code read}. Lines with data
 * are never recorded in the history.
 */
@Command(name = "u2u", description = "User-to-user encryption: register, send, read (crypto).")
final class U2uCommands extends Group {
  static final String DEFAULT_MOUNT = "u2u";

  private final ShellContext ctx;

  @Option(
      names = {"-m", "--mount"},
      defaultValue = DEFAULT_MOUNT,
      paramLabel = "MOUNT",
      scope = ScopeType.INHERIT,
      description = "The user mount (default ${DEFAULT-VALUE}).")
  String mount;

  U2uCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  private <Q extends Record, R extends Record> R call(Operation<Q, R> operation, Q request) {
    return ctx.crypto().run(mount, operation, request);
  }

  @Command(name = "register", description = "Make (or show) your key pair.")
  void register() {
    UserPublicKey key = call(UserCryptoOperations.REGISTER, new Register());
    ctx.println(
        "registered "
            + key.username()
            + " ("
            + key.keyType()
            + ", key version "
            + key.keyVersion()
            + ")");
  }

  @Command(name = "send", description = "Encrypt TEXT to the recipients; prints the envelope.")
  void send(
      @Option(names = "--to", required = true, split = ",", paramLabel = "USER") List<String> to,
      @Parameters(paramLabel = "TEXT") String text) {
    byte[] plaintext = text.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] envelope =
          call(UserCryptoOperations.ENCRYPT, new EncryptMessage(to, plaintext, null)).envelope();
      ctx.println(Base64.getEncoder().encodeToString(envelope));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  @Command(name = "read", description = "Decrypt an envelope addressed to you.")
  void read(@Parameters(paramLabel = "ENVELOPE") String envelope) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(envelope.strip());
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("envelope must be base64");
    }
    OpenedMessage m = call(UserCryptoOperations.DECRYPT, new DecryptMessage(bytes));
    try {
      ctx.println("from:    " + m.sender());
      ctx.println("to:      " + String.join(", ", m.recipients()));
      ctx.println("sent:    " + m.sentAt());
      ctx.println(new String(m.plaintext(), StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(m.plaintext(), (byte) 0);
    }
  }
}
