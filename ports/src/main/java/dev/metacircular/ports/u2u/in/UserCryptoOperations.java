package dev.metacircular.ports.u2u.in;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import java.util.List;

/**
 * The user-to-user encryption engine's operations (engine type {@code user}): each identity user's
 * key pair held by the service ({@code register}, {@code rotate}, {@code get-public-key}), and
 * end-to-end envelopes between users ({@code encrypt}, {@code decrypt}). The caller is the key
 * owner, the sender or the recipient: the engine binds all of them to who asked. ACL paths: {@code
 * keys/<username>} for {@code get-public-key}, {@code keys/} for register and rotate (the caller's
 * own), {@code messages/} for encrypt and decrypt. See {@code docs/u2u.md}.
 */
public final class UserCryptoOperations {

  /** The engine type's name. */
  public static final String TYPE = "user";

  public static final Operation<Register, UserPublicKey> REGISTER =
      Operation.changing(
          TYPE, "register", Register.class, UserPublicKey.class, ResourcePath.fixed("keys/"));

  public static final Operation<Rotate, UserPublicKey> ROTATE =
      Operation.changing(
          TYPE, "rotate", Rotate.class, UserPublicKey.class, ResourcePath.fixed("keys/"));

  public static final Operation<GetPublicKey, UserPublicKey> GET_PUBLIC_KEY =
      Operation.reading(
          TYPE,
          "get-public-key",
          GetPublicKey.class,
          UserPublicKey.class,
          ResourcePath.named("keys/", "username", GetPublicKey::username));

  public static final Operation<EncryptMessage, SealedMessage> ENCRYPT =
      Operation.reading(
          TYPE,
          "encrypt",
          EncryptMessage.class,
          SealedMessage.class,
          ResourcePath.fixed("messages/"));

  public static final Operation<DecryptMessage, OpenedMessage> DECRYPT =
      Operation.reading(
          TYPE,
          "decrypt",
          DecryptMessage.class,
          OpenedMessage.class,
          ResourcePath.fixed("messages/"));

  /** Every user-to-user operation: the engine type's catalogue. */
  public static final List<Operation<?, ?>> ALL =
      List.of(REGISTER, ROTATE, GET_PUBLIC_KEY, ENCRYPT, DECRYPT);

  private UserCryptoOperations() {}
}
