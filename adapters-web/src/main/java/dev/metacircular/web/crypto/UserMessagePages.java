package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.GetPublicKey;
import dev.metacircular.ports.u2u.in.OpenedMessage;
import dev.metacircular.ports.u2u.in.Register;
import dev.metacircular.ports.u2u.in.Rotate;
import dev.metacircular.ports.u2u.in.SealedMessage;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import dev.metacircular.ports.u2u.in.UserPublicKey;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A user-to-user mount's page: the signed-in user's key (register, rotate), the compose form (the
 * answer is the envelope to hand to the recipients) and the read form (an envelope in, the
 * plaintext with its sender and recipients out). Every operation is a typed {@link
 * UserCryptoOperations} run through {@link EngineUseCase}, so the ACL decides as it does for the
 * API. Messages are typed as text and sent as UTF-8; nothing is logged or kept in the session.
 */
final class UserMessagePages {
  private final EngineUseCase operations;

  UserMessagePages(EngineUseCase operations) {
    this.operations = operations;
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    Map<String, Object> model = model(mount);
    model.put("username", who.username());
    model.put("keyError", null);
    model.put("keyVersion", null);
    try {
      UserPublicKey key =
          operations.run(
              caller, mount, UserCryptoOperations.GET_PUBLIC_KEY, new GetPublicKey(who.username()));
      model.put("keyVersion", key.keyVersion());
      model.put("keyType", key.keyType());
      model.put("publicKey", CanonicalBase64.encode(key.publicKey()));
    } catch (DomainException.NotFound notYet) {
      // The page offers to register.
    } catch (DomainException.Forbidden refused) {
      model.put("keyError", refused.getMessage());
    }
    request.render("crypto/u2u", model);
  }

  void register(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    UserPublicKey key =
        operations.run(caller, mount, UserCryptoOperations.REGISTER, new Register());
    request.redirect(
        "/u2u/" + mount,
        Flash.Kind.SUCCESS,
        "Your " + key.keyType() + " key is registered (version " + key.keyVersion() + ").");
  }

  void rotate(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    UserPublicKey key = operations.run(caller, mount, UserCryptoOperations.ROTATE, new Rotate());
    request.redirect(
        "/u2u/" + mount,
        Flash.Kind.SUCCESS,
        "Rotated your key to version "
            + key.keyVersion()
            + "; messages to older versions still open.");
  }

  void encrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    char[] text = request.form().secret("message");
    byte[] plaintext = Forms.utf8(text);
    SealedMessage sealed;
    try {
      String context = request.form().text("context");
      sealed =
          operations.run(
              caller,
              mount,
              UserCryptoOperations.ENCRYPT,
              RequestReader.of(
                  () ->
                      new EncryptMessage(
                          Forms.list(request.form().text("recipients")),
                          plaintext,
                          context.isEmpty() ? null : context.getBytes(StandardCharsets.UTF_8)),
                  Map.of()));
    } finally {
      Arrays.fill(text, '\0');
      Arrays.fill(plaintext, (byte) 0);
    }
    Map<String, Object> model = model(mount);
    model.put("operation", "encrypt");
    model.put("envelope", CanonicalBase64.encode(sealed.envelope()));
    model.put("context", null);
    respond(request, model);
  }

  void decrypt(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.pathParam("mount"));
    String envelope = request.form().text("envelope").strip();
    OpenedMessage opened =
        operations.run(
            caller,
            mount,
            UserCryptoOperations.DECRYPT,
            RequestReader.of(
                () -> new DecryptMessage(CanonicalBase64.decodeField("envelope", envelope)),
                Map.of()));
    Map<String, Object> model = model(mount);
    model.put("operation", "decrypt");
    model.put("sender", opened.sender());
    model.put("recipients", String.join(", ", opened.recipients()));
    model.put("sentAt", opened.sentAt().toString());
    model.put("context", opened.context() == null ? null : text(opened.context()));
    model.put("envelope", null);
    try {
      model.put("message", text(opened.plaintext()));
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
    respond(request, model);
  }

  private static Map<String, Object> model(String mount) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Messages · " + mount);
    model.put("mount", mount);
    return model;
  }

  /** The fragment for htmx; the same fragment inside the mount's page frame otherwise. */
  private static void respond(PageRequest request, Map<String, Object> model) {
    request.render(request.htmx() ? "crypto/u2u-result" : "crypto/u2u-result-page", model);
  }

  /** UTF-8 text as such; anything else (sent by another client) as base64, marked. */
  private static String text(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notText) {
      return "(binary, base64) " + CanonicalBase64.encode(bytes);
    }
  }
}
