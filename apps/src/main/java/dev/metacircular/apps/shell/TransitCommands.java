package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.DataKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.ExportKey;
import dev.metacircular.ports.transit.in.Hmac;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.ListKeys;
import dev.metacircular.ports.transit.in.Rewrap;
import dev.metacircular.ports.transit.in.Sign;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.ports.transit.in.UpdateKeyConfig;
import dev.metacircular.ports.transit.in.Validity;
import dev.metacircular.ports.transit.in.Verify;
import dev.metacircular.ports.transit.in.VerifyHmac;
import dev.metacircular.ports.transit.in.WrappedDataKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code transit ...}: the transit engine's operations on a mount ({@code --mount}, default {@code
 * transit}), as the typed operations of {@code TransitOperations}: each command builds the request
 * record (which checks its fields before anything is sent) and prints the answer record. Inputs are
 * text, sent as their UTF-8 bytes, unless {@code --base64} says they already are base64; a
 * decrypted plaintext is shown as text when it is printable UTF-8, else as base64. Lines with data
 * are never recorded in the history.
 */
@Command(
    name = "transit",
    description = "Transit engine operations: keys, encrypt, decrypt, sign, hmac (crypto).")
final class TransitCommands extends Group {
  static final String DEFAULT_MOUNT = "transit";

  private final ShellContext ctx;

  @Option(
      names = {"-m", "--mount"},
      defaultValue = DEFAULT_MOUNT,
      paramLabel = "MOUNT",
      scope = ScopeType.INHERIT,
      description = "The transit mount (default ${DEFAULT-VALUE}).")
  String mount;

  TransitCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  private <Q extends Record, R extends Record> R call(Operation<Q, R> operation, Q request) {
    return ctx.crypto().run(mount, operation, request);
  }

  @Command(name = "create-key", description = "Create a named key.")
  void createKey(
      @Parameters(paramLabel = "KEY_NAME") String name,
      @Option(
              names = "--type",
              defaultValue = "aes256-gcm",
              paramLabel = "KEY_TYPE",
              description =
                  "aes256-gcm, chacha20-poly1305, ed25519, ecdsa-p256 or hmac (default ${DEFAULT-VALUE}).")
          String type,
      @Option(names = "--exportable", description = "Allow export-key (cannot be set later).")
          boolean exportable) {
    printKey(
        call(TransitOperations.CREATE_KEY, new CreateKey(name, type, exportable ? true : null)));
  }

  @Command(name = "list-keys", description = "The mount's key names.")
  void listKeys() {
    call(TransitOperations.LIST_KEYS, new ListKeys()).keys().forEach(k -> ctx.out().println(k));
    ctx.out().flush();
  }

  @Command(name = "get-key", description = "A key's metadata and versions (never secret material).")
  void getKey(@Parameters(paramLabel = "KEY") String name) {
    printKey(call(TransitOperations.GET_KEY, new KeyName(name)));
  }

  @Command(name = "rotate-key", description = "Add a key version; new results use it.")
  void rotateKey(@Parameters(paramLabel = "KEY") String name) {
    printKey(call(TransitOperations.ROTATE_KEY, new KeyName(name)));
  }

  @Command(
      name = "update-key-config",
      description = "Set min_decryption_version and/or deletion_allowed.")
  void updateKeyConfig(
      @Parameters(paramLabel = "KEY") String name,
      @Option(names = "--min-decryption-version", paramLabel = "N") Integer minVersion,
      @Option(names = "--deletion-allowed", paramLabel = "BOOLEAN", arity = "1") Boolean deletion) {
    printKey(
        call(TransitOperations.UPDATE_KEY_CONFIG, new UpdateKeyConfig(name, minVersion, deletion)));
  }

  @Command(
      name = "delete-key",
      description = "Delete a key and every version (needs deletion_allowed first).")
  void deleteKey(@Parameters(paramLabel = "KEY") String name) {
    call(TransitOperations.DELETE_KEY, new KeyName(name));
    ctx.println("deleted key " + name);
  }

  @Command(name = "export-key", description = "The raw key material of an exportable key (base64).")
  void exportKey(
      @Parameters(paramLabel = "KEY") String name,
      @Option(names = "--version", paramLabel = "N") Integer version) {
    call(TransitOperations.EXPORT_KEY, new ExportKey(name, version))
        .keys()
        .forEach((v, k) -> ctx.out().println("v" + v + ": " + k));
    ctx.out().flush();
  }

  @Command(name = "encrypt", description = "Encrypt TEXT under the key's latest version.")
  void encrypt(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64,
      @Option(
              names = "--context",
              paramLabel = "TEXT",
              description = "Associated data (needed again to decrypt).")
          String context) {
    byte[] plaintext = input(text, base64);
    try {
      ctx.println(
          call(TransitOperations.ENCRYPT, new Encrypt(key, plaintext, context(context)))
              .ciphertext()
              .text());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  @Command(name = "decrypt", description = "Decrypt a metacrypt:v<N>: ciphertext.")
  void decrypt(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "CIPHERTEXT") String ciphertext,
      @Option(names = "--base64", description = "Print the plaintext as base64.") boolean base64,
      @Option(names = "--context", paramLabel = "TEXT") String context) {
    Decrypt request =
        new Decrypt(key, TransitValue.parse("ciphertext", ciphertext), context(context));
    byte[] plaintext = call(TransitOperations.DECRYPT, request).plaintext();
    ctx.println(base64 ? Base64.getEncoder().encodeToString(plaintext) : output(plaintext));
    Arrays.fill(plaintext, (byte) 0);
  }

  @Command(
      name = "rewrap",
      description = "Re-encrypt a ciphertext under the latest version, inside the service.")
  void rewrap(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "CIPHERTEXT") String ciphertext,
      @Option(names = "--context", paramLabel = "TEXT") String context) {
    Rewrap request =
        new Rewrap(key, TransitValue.parse("ciphertext", ciphertext), context(context));
    ctx.println(call(TransitOperations.REWRAP, request).ciphertext().text());
  }

  @Command(
      name = "datakey",
      description =
          "A fresh 256-bit data key wrapped under KEY (in the clear too with --plaintext).")
  void datakey(
      @Parameters(paramLabel = "KEY") String key,
      @Option(names = "--plaintext", description = "Also show the data key itself (base64).")
          boolean plaintext,
      @Option(names = "--context", paramLabel = "TEXT") String context) {
    WrappedDataKey answer =
        call(TransitOperations.DATAKEY, new DataKey(key, plaintext, context(context)));
    ctx.println("ciphertext: " + answer.ciphertext().text());
    if (answer.plaintext() != null) {
      ctx.println("plaintext:  " + Base64.getEncoder().encodeToString(answer.plaintext()));
      Arrays.fill(answer.plaintext(), (byte) 0);
    }
  }

  @Command(name = "sign", description = "Sign TEXT with a signing key.")
  void sign(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    ctx.println(
        call(TransitOperations.SIGN, new Sign(key, input(text, base64))).signature().text());
  }

  @Command(name = "verify", description = "Check a signature over TEXT.")
  void verify(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Parameters(paramLabel = "SIGNATURE") String signature,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    Verify request =
        new Verify(key, input(text, base64), TransitValue.parse("signature", signature));
    valid(call(TransitOperations.VERIFY, request));
  }

  @Command(name = "hmac", description = "HMAC-SHA256 of TEXT with an hmac key.")
  void hmac(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    ctx.println(call(TransitOperations.HMAC, new Hmac(key, input(text, base64))).hmac().text());
  }

  @Command(name = "verify-hmac", description = "Check an HMAC over TEXT.")
  void verifyHmac(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Parameters(paramLabel = "HMAC") String hmac,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    VerifyHmac request = new VerifyHmac(key, input(text, base64), TransitValue.parse("hmac", hmac));
    valid(call(TransitOperations.VERIFY_HMAC, request));
  }

  private void valid(Validity answer) {
    ctx.println(answer.valid() ? ctx.styles.ok("valid") : ctx.styles.error("not valid"));
  }

  /** The associated data as the UTF-8 bytes of its text, or null when none is given. */
  private static byte[] context(String context) {
    return context == null ? null : context.getBytes(StandardCharsets.UTF_8);
  }

  /** TEXT's bytes: its UTF-8, or the bytes of its base64 when {@code base64} says it is. */
  private static byte[] input(String text, boolean base64) {
    if (base64) {
      try {
        // Checked here with the server's rule, so the shell says what is wrong before sending.
        return CanonicalBase64.decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("TEXT is not canonical padded base64");
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Printable UTF-8 as text; anything else as base64, labelled. */
  static String output(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      boolean printable = s.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\t');
      if (printable) {
        return s;
      }
    } catch (CharacterCodingException e) {
      // binary
    }
    return "(binary, base64) " + Base64.getEncoder().encodeToString(bytes);
  }

  private void printKey(KeyInfo key) {
    ctx.println("name:                   " + key.name());
    ctx.println("type:                   " + key.type());
    ctx.println("latest version:         " + key.latestVersion());
    ctx.println("min decryption version: " + key.minDecryptionVersion());
    ctx.println("deletion allowed:       " + key.deletionAllowed());
    ctx.println("exportable:             " + key.exportable());
    if (!key.versions().isEmpty()) {
      TextTable table = new TextTable("VERSION", "CREATED", "PUBLIC KEY");
      for (KeyInfo.Version v : key.versions()) {
        String pub = v.publicKey();
        table.row(
            v.version(),
            v.createdAt(),
            pub == null ? "-" : pub.replaceAll("-----[A-Z ]+-----|\\s", ""));
      }
      table.print(ctx.out());
    }
  }
}
