package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import java.util.List;

/**
 * The transit engine's operations: encryption, signing and HMAC as a service over named, versioned
 * keys (after Vault's transit engine). Every door runs these through {@code EngineUseCase}: gRPC,
 * the web pages and embedding code with the records, the JSON door by name with {@code data} mapped
 * onto the same records. Each acts on the resource path {@code keys/<name>} ({@code keys/} for the
 * list), so ACL rules can grant per key.
 *
 * <p>Key administration and export change state (or let key material out) and are audited one by
 * one; the data plane is not. See {@code docs/crypto.md} for each operation's fields and answers.
 */
public final class TransitOperations {

  /** The engine type's name. */
  public static final String TYPE = "transit";

  private static final ResourcePath<KeyName> BY_NAME =
      ResourcePath.named("keys/", "name", KeyName::name);

  public static final Operation<CreateKey, KeyInfo> CREATE_KEY =
      Operation.changing(
          TYPE,
          "create-key",
          CreateKey.class,
          KeyInfo.class,
          ResourcePath.named("keys/", "name", CreateKey::name));

  public static final Operation<KeyName, KeyInfo> GET_KEY =
      Operation.reading(TYPE, "get-key", KeyName.class, KeyInfo.class, BY_NAME);

  public static final Operation<ListKeys, KeyList> LIST_KEYS =
      Operation.reading(
          TYPE, "list-keys", ListKeys.class, KeyList.class, ResourcePath.fixed("keys/"));

  public static final Operation<KeyName, KeyInfo> ROTATE_KEY =
      Operation.changing(TYPE, "rotate-key", KeyName.class, KeyInfo.class, BY_NAME);

  public static final Operation<UpdateKeyConfig, KeyInfo> UPDATE_KEY_CONFIG =
      Operation.changing(
          TYPE,
          "update-key-config",
          UpdateKeyConfig.class,
          KeyInfo.class,
          ResourcePath.named("keys/", "name", UpdateKeyConfig::name));

  public static final Operation<KeyName, KeyDeleted> DELETE_KEY =
      Operation.changing(TYPE, "delete-key", KeyName.class, KeyDeleted.class, BY_NAME);

  public static final Operation<ExportKey, ExportedKey> EXPORT_KEY =
      Operation.changing(
          TYPE,
          "export-key",
          ExportKey.class,
          ExportedKey.class,
          ResourcePath.named("keys/", "name", ExportKey::name));

  public static final Operation<Encrypt, Ciphertext> ENCRYPT =
      Operation.reading(
          TYPE,
          "encrypt",
          Encrypt.class,
          Ciphertext.class,
          ResourcePath.named("keys/", "key", Encrypt::key));

  public static final Operation<Decrypt, Plaintext> DECRYPT =
      Operation.reading(
          TYPE,
          "decrypt",
          Decrypt.class,
          Plaintext.class,
          ResourcePath.named("keys/", "key", Decrypt::key));

  public static final Operation<Rewrap, Ciphertext> REWRAP =
      Operation.reading(
          TYPE,
          "rewrap",
          Rewrap.class,
          Ciphertext.class,
          ResourcePath.named("keys/", "key", Rewrap::key));

  public static final Operation<DataKey, WrappedDataKey> DATAKEY =
      Operation.reading(
          TYPE,
          "datakey",
          DataKey.class,
          WrappedDataKey.class,
          ResourcePath.named("keys/", "key", DataKey::key));

  public static final Operation<BatchEncrypt, BatchEncrypted> BATCH_ENCRYPT =
      Operation.reading(
          TYPE,
          "batch-encrypt",
          BatchEncrypt.class,
          BatchEncrypted.class,
          ResourcePath.named("keys/", "key", BatchEncrypt::key));

  public static final Operation<BatchDecrypt, BatchDecrypted> BATCH_DECRYPT =
      Operation.reading(
          TYPE,
          "batch-decrypt",
          BatchDecrypt.class,
          BatchDecrypted.class,
          ResourcePath.named("keys/", "key", BatchDecrypt::key));

  public static final Operation<Sign, Signature> SIGN =
      Operation.reading(
          TYPE, "sign", Sign.class, Signature.class, ResourcePath.named("keys/", "key", Sign::key));

  public static final Operation<Verify, Validity> VERIFY =
      Operation.reading(
          TYPE,
          "verify",
          Verify.class,
          Validity.class,
          ResourcePath.named("keys/", "key", Verify::key));

  public static final Operation<Hmac, HmacTag> HMAC =
      Operation.reading(
          TYPE, "hmac", Hmac.class, HmacTag.class, ResourcePath.named("keys/", "key", Hmac::key));

  public static final Operation<VerifyHmac, Validity> VERIFY_HMAC =
      Operation.reading(
          TYPE,
          "verify-hmac",
          VerifyHmac.class,
          Validity.class,
          ResourcePath.named("keys/", "key", VerifyHmac::key));

  /** Every transit operation: the engine type's catalogue. */
  public static final List<Operation<?, ?>> ALL =
      List.of(
          CREATE_KEY,
          GET_KEY,
          LIST_KEYS,
          ROTATE_KEY,
          UPDATE_KEY_CONFIG,
          DELETE_KEY,
          EXPORT_KEY,
          ENCRYPT,
          DECRYPT,
          REWRAP,
          DATAKEY,
          BATCH_ENCRYPT,
          BATCH_DECRYPT,
          SIGN,
          VERIFY,
          HMAC,
          VERIFY_HMAC);

  private TransitOperations() {}
}
