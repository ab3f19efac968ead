package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.ListKeys;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A transit mount's page: its keys (create, rotate) and the encrypt / decrypt forms. Every
 * operation is a typed {@link TransitOperations} run through {@link EngineUseCase}, the same run as
 * {@code POST /v1/engine/request}, so the ACL decides exactly as it does for the API. Plaintext is
 * typed as text and sent as its UTF-8 bytes; a decrypted plaintext is shown as text when it is
 * UTF-8, else as base64. Results come back as an htmx fragment (or, without JavaScript, as a page);
 * nothing is logged.
 */
final class TransitPages {
  /** The transit key types, in the order the create form offers them. */
  static final List<String> KEY_TYPES =
      List.of("aes256-gcm", "chacha20-poly1305", "ed25519", "ecdsa-p256", "hmac");

  private final EngineUseCase operations;

  TransitPages(EngineUseCase operations) {
    this.operations = operations;
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
      for (String name :
          operations.run(caller, mount, TransitOperations.LIST_KEYS, new ListKeys()).keys()) {
        keys.add(row(operations.run(caller, mount, TransitOperations.GET_KEY, new KeyName(name))));
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
    String name = request.form().text("name");
    KeyRow key =
        row(
            run(
                caller,
                mount,
                TransitOperations.CREATE_KEY,
                "name",
                name,
                () ->
                    new CreateKey(
                        name, request.form().text("type"), request.form().has("exportable"))));
    request.redirect(
        "/transit/" + mount,
        Flash.Kind.SUCCESS,
        "Created key " + key.name() + " (" + key.type() + ").");
  }

  void rotateKey(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String name = request.pathParam("key");
    KeyRow key =
        row(
            run(
                caller,
                mount,
                TransitOperations.ROTATE_KEY,
                "name",
                name,
                () -> new KeyName(name)));
    request.redirect(
        "/transit/" + mount,
        Flash.Kind.SUCCESS,
        "Rotated key " + key.name() + " to version " + key.latestVersion() + ".");
  }

  void encrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String key = request.form().text("key");
    char[] text = request.form().secret("plaintext");
    byte[] bytes = Forms.utf8(text);
    Ciphertext result;
    try {
      byte[] context = context(request);
      result =
          run(
              caller,
              mount,
              TransitOperations.ENCRYPT,
              "key",
              key,
              () -> new Encrypt(key, bytes, context));
    } finally {
      Arrays.fill(text, '\0');
      Arrays.fill(bytes, (byte) 0);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("operation", "encrypt");
    model.put("ciphertext", result.ciphertext().text());
    model.put("keyVersion", result.keyVersion());
    respond(request, mount, model);
  }

  void decrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String key = request.form().text("key");
    String ciphertext = request.form().text("ciphertext");
    byte[] context = context(request);
    byte[] plaintext =
        run(
                caller,
                mount,
                TransitOperations.DECRYPT,
                "key",
                key,
                () -> new Decrypt(key, TransitValue.parse("ciphertext", ciphertext), context))
            .plaintext();
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
      model.put("plaintext", CanonicalBase64.encode(plaintext));
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

  /** The form's context as UTF-8, or null when it is empty (the same as none). */
  private static byte[] context(PageRequest request) {
    String context = request.form().text("context");
    return context.isEmpty() ? null : context.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Runs {@code operation} with the record {@code build} makes from the form, built only once the
   * ACL has let the caller in (a denied caller is refused whatever he typed); {@code field} and
   * {@code value} name the key for the ACL's path.
   */
  private <Q extends Record, R extends Record> R run(
      Caller caller,
      String mount,
      Operation<Q, R> operation,
      String field,
      String value,
      Supplier<Q> build) {
    return operations.run(caller, mount, operation, RequestReader.of(build, Map.of(field, value)));
  }

  private static KeyRow row(KeyInfo key) {
    return new KeyRow(
        key.name(), key.type(), key.latestVersion(), key.minDecryptionVersion(), key.exportable());
  }
}
