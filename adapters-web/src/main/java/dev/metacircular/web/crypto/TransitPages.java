package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.EngineRequest;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.engine.Mount;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transit mount's page: its keys (create, rotate) and the encrypt / decrypt forms. Every
 * operation is an {@link EngineRequest} like {@code POST /v1/engine/request}, so the ACL decides
 * exactly as it does for the API. Plaintext is typed as text and sent as its UTF-8 bytes; a
 * decrypted plaintext is shown as text when it is UTF-8, else as base64. Results come back as an
 * htmx fragment (or, without JavaScript, as a page); nothing is logged.
 */
final class TransitPages {
  /** The transit key types, in the order the create form offers them. */
  static final List<String> KEY_TYPES =
      List.of("aes256-gcm", "chacha20-poly1305", "ed25519", "ecdsa-p256", "hmac");

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final EngineRequests engines;

  TransitPages(EngineRequests engines) {
    this.engines = engines;
  }

  /** A key as the page lists it (metadata only: never key material). */
  record KeyRow(
      String name, String type, int latestVersion, int minDecryptionVersion, boolean exportable) {
    public boolean encryption() {
      return type.equals("aes256-gcm") || type.equals("chacha20-poly1305");
    }
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Transit · " + mount);
    model.put("mount", mount);
    model.put("keyTypes", KEY_TYPES);
    List<KeyRow> keys = new ArrayList<>();
    String keysError = null;
    try {
      Object names = call(caller, mount, "list-keys", Map.of()).get("keys");
      if (names instanceof List<?> list) {
        for (Object name : list) {
          keys.add(row(call(caller, mount, "get-key", Map.of("name", String.valueOf(name)))));
        }
      }
    } catch (DomainException.Forbidden refused) {
      // The ACL may allow this caller to encrypt or decrypt without listing the keys.
      keysError = refused.getMessage();
    }
    model.put("keys", keys);
    model.put("keysError", keysError);
    request.render("crypto/transit", model);
  }

  void createKey(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", request.form().text("name"));
    data.put("type", request.form().text("type"));
    data.put("exportable", request.form().has("exportable"));
    KeyRow key = row(call(caller, mount, "create-key", data));
    request.redirect(
        "/transit/" + mount,
        Flash.Kind.SUCCESS,
        "Created key " + key.name() + " (" + key.type() + ").");
  }

  void rotateKey(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    KeyRow key = row(call(caller, mount, "rotate-key", Map.of("name", request.pathParam("key"))));
    request.redirect(
        "/transit/" + mount,
        Flash.Kind.SUCCESS,
        "Rotated key " + key.name() + " to version " + key.latestVersion() + ".");
  }

  void encrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("key", request.form().text("key"));
    char[] text = request.form().secret("plaintext");
    byte[] bytes = utf8(text);
    try {
      data.put("plaintext", B64.encodeToString(bytes));
    } finally {
      Arrays.fill(text, '\0');
      Arrays.fill(bytes, (byte) 0);
    }
    putContext(request, data);
    Map<String, Object> result = call(caller, mount, "encrypt", data);
    Map<String, Object> model = new HashMap<>();
    model.put("operation", "encrypt");
    model.put("ciphertext", String.valueOf(result.get("ciphertext")));
    model.put("keyVersion", result.get("key_version"));
    respond(request, mount, model);
  }

  void decrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("key", request.form().text("key"));
    data.put("ciphertext", request.form().text("ciphertext"));
    putContext(request, data);
    Map<String, Object> result = call(caller, mount, "decrypt", data);
    byte[] plaintext = Base64.getDecoder().decode(String.valueOf(result.get("plaintext")));
    Map<String, Object> model = new HashMap<>();
    model.put("operation", "decrypt");
    try {
      model.put(
          "plaintext",
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(plaintext))
              .toString());
      model.put("binary", false);
    } catch (CharacterCodingException notText) {
      model.put("plaintext", String.valueOf(result.get("plaintext")));
      model.put("binary", true);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    respond(request, mount, model);
  }

  /** The fragment for htmx; the same fragment inside the mount's page frame otherwise. */
  private static void respond(PageRequest request, String mount, Map<String, Object> model) {
    model.put("mount", mount);
    model.put("title", "Transit · " + mount);
    request.render(request.htmx() ? "crypto/transit-result" : "crypto/transit-result-page", model);
  }

  private static void putContext(PageRequest request, Map<String, Object> data) {
    String context = request.form().text("context");
    if (!context.isEmpty()) {
      data.put("context", B64.encodeToString(context.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private Map<String, Object> call(
      Caller caller, String mount, String operation, Map<String, Object> data) {
    return engines.handle(caller, new EngineRequest(mount, operation, data));
  }

  private static KeyRow row(Map<String, Object> metadata) {
    return new KeyRow(
        String.valueOf(metadata.get("name")),
        String.valueOf(metadata.get("type")),
        number(metadata.get("latest_version")),
        number(metadata.get("min_decryption_version")),
        Boolean.TRUE.equals(metadata.get("exportable")));
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }

  private static byte[] utf8(char[] text) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }
}
