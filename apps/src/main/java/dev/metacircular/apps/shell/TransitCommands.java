package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code transit ...}: the transit engine's operations on a mount ({@code --mount}, default {@code
 * transit}). Inputs are text, sent as base64 of their UTF-8 bytes, unless {@code --base64} says
 * they already are base64; a decrypted plaintext is shown as text when it is printable UTF-8, else
 * as base64. Lines with data are never recorded in the history.
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

  private Map<String, Object> call(String operation, Map<String, Object> data) {
    return ctx.crypto().request(mount, operation, data);
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
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("type", type);
    if (exportable) {
      data.put("exportable", true);
    }
    printKey(call("create-key", data));
  }

  @Command(name = "list-keys", description = "The mount's key names.")
  void listKeys() {
    Object keys = call("list-keys", Map.of()).get("keys");
    if (keys instanceof List<?> list) {
      list.forEach(k -> ctx.out().println(k));
    }
    ctx.out().flush();
  }

  @Command(name = "get-key", description = "A key's metadata and versions (never secret material).")
  void getKey(@Parameters(paramLabel = "KEY") String name) {
    printKey(call("get-key", Map.of("name", name)));
  }

  @Command(name = "rotate-key", description = "Add a key version; new results use it.")
  void rotateKey(@Parameters(paramLabel = "KEY") String name) {
    printKey(call("rotate-key", Map.of("name", name)));
  }

  @Command(
      name = "update-key-config",
      description = "Set min_decryption_version and/or deletion_allowed.")
  void updateKeyConfig(
      @Parameters(paramLabel = "KEY") String name,
      @Option(names = "--min-decryption-version", paramLabel = "N") Integer minVersion,
      @Option(names = "--deletion-allowed", paramLabel = "BOOLEAN", arity = "1") Boolean deletion) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    if (minVersion != null) {
      data.put("min_decryption_version", minVersion);
    }
    if (deletion != null) {
      data.put("deletion_allowed", deletion);
    }
    printKey(call("update-key-config", data));
  }

  @Command(
      name = "delete-key",
      description = "Delete a key and every version (needs deletion_allowed first).")
  void deleteKey(@Parameters(paramLabel = "KEY") String name) {
    call("delete-key", Map.of("name", name));
    ctx.println("deleted key " + name);
  }

  @Command(name = "export-key", description = "The raw key material of an exportable key (base64).")
  void exportKey(
      @Parameters(paramLabel = "KEY") String name,
      @Option(names = "--version", paramLabel = "N") Integer version) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    if (version != null) {
      data.put("version", version);
    }
    Object keys = call("export-key", data).get("keys");
    if (keys instanceof Map<?, ?> m) {
      m.forEach((v, k) -> ctx.out().println("v" + v + ": " + k));
    }
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
    Map<String, Object> data = keyed(key, context);
    data.put("plaintext", input(text, base64));
    ctx.println(string(call("encrypt", data), "ciphertext"));
  }

  @Command(name = "decrypt", description = "Decrypt a metacrypt:v<N>: ciphertext.")
  void decrypt(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "CIPHERTEXT") String ciphertext,
      @Option(names = "--base64", description = "Print the plaintext as base64.") boolean base64,
      @Option(names = "--context", paramLabel = "TEXT") String context) {
    Map<String, Object> data = keyed(key, context);
    data.put("ciphertext", ciphertext);
    byte[] plaintext = Base64.getDecoder().decode(string(call("decrypt", data), "plaintext"));
    ctx.println(base64 ? Base64.getEncoder().encodeToString(plaintext) : output(plaintext));
    java.util.Arrays.fill(plaintext, (byte) 0);
  }

  @Command(
      name = "rewrap",
      description = "Re-encrypt a ciphertext under the latest version, inside the service.")
  void rewrap(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "CIPHERTEXT") String ciphertext,
      @Option(names = "--context", paramLabel = "TEXT") String context) {
    Map<String, Object> data = keyed(key, context);
    data.put("ciphertext", ciphertext);
    ctx.println(string(call("rewrap", data), "ciphertext"));
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
    Map<String, Object> data = keyed(key, context);
    data.put("plaintext", plaintext);
    Map<String, Object> answer = call("datakey", data);
    ctx.println("ciphertext: " + answer.get("ciphertext"));
    if (answer.get("plaintext") != null) {
      ctx.println("plaintext:  " + answer.get("plaintext"));
    }
  }

  @Command(name = "sign", description = "Sign TEXT with a signing key.")
  void sign(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    ctx.println(
        string(call("sign", Map.of("key", key, "input", input(text, base64))), "signature"));
  }

  @Command(name = "verify", description = "Check a signature over TEXT.")
  void verify(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Parameters(paramLabel = "SIGNATURE") String signature,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    valid(call("verify", Map.of("key", key, "input", input(text, base64), "signature", signature)));
  }

  @Command(name = "hmac", description = "HMAC-SHA256 of TEXT with an hmac key.")
  void hmac(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    ctx.println(string(call("hmac", Map.of("key", key, "input", input(text, base64))), "hmac"));
  }

  @Command(name = "verify-hmac", description = "Check an HMAC over TEXT.")
  void verifyHmac(
      @Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "TEXT") String text,
      @Parameters(paramLabel = "HMAC") String hmac,
      @Option(names = "--base64", description = "TEXT is base64 already.") boolean base64) {
    valid(call("verify-hmac", Map.of("key", key, "input", input(text, base64), "hmac", hmac)));
  }

  private void valid(Map<String, Object> answer) {
    ctx.println(
        Boolean.TRUE.equals(answer.get("valid"))
            ? ctx.styles.ok("valid")
            : ctx.styles.error("not valid"));
  }

  private static Map<String, Object> keyed(String key, String context) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("key", key);
    if (context != null) {
      data.put(
          "context", Base64.getEncoder().encodeToString(context.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  private static String input(String text, boolean base64) {
    if (base64) {
      try {
        // Checked here with the server's rule, so the shell says what is wrong before sending.
        dev.metacircular.ports.engine.spi.CanonicalBase64.decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("TEXT is not canonical padded base64");
      }
      return text;
    }
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
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

  private static String string(Map<String, Object> answer, String field) {
    Object v = answer.get(field);
    if (!(v instanceof String s)) {
      throw new IllegalStateException("the service answered no " + field);
    }
    return s;
  }

  private void printKey(Map<String, Object> key) {
    ctx.println("name:                   " + key.get("name"));
    ctx.println("type:                   " + key.get("type"));
    ctx.println("latest version:         " + key.get("latest_version"));
    ctx.println("min decryption version: " + key.get("min_decryption_version"));
    ctx.println("deletion allowed:       " + key.get("deletion_allowed"));
    ctx.println("exportable:             " + key.get("exportable"));
    if (key.get("versions") instanceof List<?> versions && !versions.isEmpty()) {
      TextTable table = new TextTable("VERSION", "CREATED", "PUBLIC KEY");
      for (Object v : versions) {
        if (v instanceof Map<?, ?> m) {
          Object pub = m.get("public_key");
          table.row(
              m.get("version"),
              m.get("created_at"),
              pub == null ? "-" : pub.toString().replaceAll("-----[A-Z ]+-----|\\s", ""));
        }
      }
      table.print(ctx.out());
    }
  }
}
