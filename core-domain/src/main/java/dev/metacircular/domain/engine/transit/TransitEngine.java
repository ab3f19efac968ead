package dev.metacircular.domain.engine.transit;

import static dev.metacircular.ports.transit.in.TransitOperations.BATCH_DECRYPT;
import static dev.metacircular.ports.transit.in.TransitOperations.BATCH_ENCRYPT;
import static dev.metacircular.ports.transit.in.TransitOperations.CREATE_KEY;
import static dev.metacircular.ports.transit.in.TransitOperations.DATAKEY;
import static dev.metacircular.ports.transit.in.TransitOperations.DECRYPT;
import static dev.metacircular.ports.transit.in.TransitOperations.DELETE_KEY;
import static dev.metacircular.ports.transit.in.TransitOperations.ENCRYPT;
import static dev.metacircular.ports.transit.in.TransitOperations.EXPORT_KEY;
import static dev.metacircular.ports.transit.in.TransitOperations.GET_KEY;
import static dev.metacircular.ports.transit.in.TransitOperations.HMAC;
import static dev.metacircular.ports.transit.in.TransitOperations.LIST_KEYS;
import static dev.metacircular.ports.transit.in.TransitOperations.REWRAP;
import static dev.metacircular.ports.transit.in.TransitOperations.ROTATE_KEY;
import static dev.metacircular.ports.transit.in.TransitOperations.SIGN;
import static dev.metacircular.ports.transit.in.TransitOperations.UPDATE_KEY_CONFIG;
import static dev.metacircular.ports.transit.in.TransitOperations.VERIFY;
import static dev.metacircular.ports.transit.in.TransitOperations.VERIFY_HMAC;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.keyset.AeadKeyset;
import dev.metacircular.crypto.keyset.KeyPurpose;
import dev.metacircular.crypto.keyset.MacKeyset;
import dev.metacircular.crypto.keyset.SigningKeyset;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.engine.spi.CanonicalBase64;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Handlers;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.BatchDecrypt;
import dev.metacircular.ports.transit.in.BatchDecrypted;
import dev.metacircular.ports.transit.in.BatchEncrypt;
import dev.metacircular.ports.transit.in.BatchEncrypted;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.DataKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.ExportKey;
import dev.metacircular.ports.transit.in.ExportedKey;
import dev.metacircular.ports.transit.in.Hmac;
import dev.metacircular.ports.transit.in.HmacTag;
import dev.metacircular.ports.transit.in.KeyDeleted;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyList;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.Plaintext;
import dev.metacircular.ports.transit.in.Rewrap;
import dev.metacircular.ports.transit.in.Sign;
import dev.metacircular.ports.transit.in.Signature;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.ports.transit.in.UpdateKeyConfig;
import dev.metacircular.ports.transit.in.Validity;
import dev.metacircular.ports.transit.in.Verify;
import dev.metacircular.ports.transit.in.VerifyHmac;
import dev.metacircular.ports.transit.in.WrappedDataKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One open transit mount: encryption as a service over named, versioned keys (after Vault's transit
 * engine). Key material never leaves except through {@code export-key} on a key created exportable.
 *
 * <p>Operations ({@link TransitOperations}; the JSON door's {@code data} fields, {@code ?}
 * optional, binary values standard base64):
 *
 * <ul>
 *   <li>{@code create-key} {name, type, exportable?} — type is one of aes256-gcm,
 *       chacha20-poly1305, ed25519, ecdsa-p256, hmac; {@code Conflict} if the name is taken.
 *   <li>{@code get-key} {name}, {@code rotate-key} {name}, {@code update-key-config} {name,
 *       min_decryption_version?, deletion_allowed?} — answer the key's metadata: name, type,
 *       latest_version, min_decryption_version, deletion_allowed, exportable, and versions
 *       [{version, created_at, public_key (PEM, signing keys only)}]. Never secret material.
 *       min_decryption_version must be between 1 and latest_version.
 *   <li>{@code list-keys} {} → {keys: [names ascending]}.
 *   <li>{@code delete-key} {name} → {name, deleted: true}; {@code Forbidden} unless the key's
 *       deletion_allowed is true.
 *   <li>{@code export-key} {name, version?} → {name, type, keys: {"<version>": raw key}} for every
 *       version from min_decryption_version up, or just the one asked for; {@code Forbidden} unless
 *       the key was created exportable. Raw forms: see {@code KeysetKey#exportRawKey}.
 *   <li>{@code encrypt} {key, plaintext, context?} → {ciphertext, key_version}, always with the
 *       latest version; {@code decrypt} {key, ciphertext, context?} → {plaintext}; {@code rewrap}
 *       {key, ciphertext, context?} → {ciphertext, key_version} (re-encrypted under the latest
 *       version, plaintext unchanged); {@code datakey} {key, plaintext: bool, context?} →
 *       {ciphertext, key_version, plaintext?}: a fresh random 256-bit data key wrapped under the
 *       named key, and in the clear only when plaintext is true.
 *   <li>{@code batch-encrypt} / {@code batch-decrypt} {key, items: [{plaintext|ciphertext,
 *       context?}]} (at most 1000) → {results: [...]}, one result per item in order: what the
 *       single operation answers, or {error: "..."} — a refused item never fails the batch.
 *   <li>{@code sign} {key, input} → {signature, key_version}; {@code verify} {key, input,
 *       signature} → {valid}.
 *   <li>{@code hmac} {key, input} → {hmac, key_version}; {@code verify-hmac} {key, input, hmac} →
 *       {valid}.
 * </ul>
 *
 * <p>Ciphertexts, signatures and HMACs are {@code metacrypt:v<N>:<base64>} (see {@link
 * TransitValue}); the base64 part is the bare primitive output (for encryption {@code nonce ||
 * ciphertext || tag}). {@code context} is the AEAD associated data, exactly as given (absent and
 * empty are the same), so a holder of an exported key can decrypt with any standard AES-GCM or
 * ChaCha20-Poly1305 implementation. A value whose version is below min_decryption_version, or
 * beyond the latest, is refused with {@code InvalidInput} naming both numbers — for decryption,
 * rewrap and both verifications alike. A malformed value is {@code InvalidInput("ciphertext is
 * malformed")} (or signature, hmac); a ciphertext that does not open (wrong context, tampering,
 * another key) is {@code InvalidInput("ciphertext could not be decrypted")}. A well-formed
 * signature or HMAC that does not match answers {valid: false}.
 *
 * <p>Encryption, datakey, rewrap and the batch operations need an aead key (aes256-gcm,
 * chacha20-poly1305); sign and verify a signing key (ed25519, ecdsa-p256); hmac and verify-hmac an
 * hmac key — anything else is {@code InvalidInput}. Each operation is one handler bound in {@link
 * #handlers}; the request records have validated their fields already.
 *
 * <p>Keys are cached parsed after first use ({@link TransitKeys}), so the encrypt path does no
 * storage read, no keyset parsing and no locking. {@link #close()} destroys the cached keys; every
 * later call throws {@code IllegalStateException}. Thread-safe.
 */
public final class TransitEngine implements Engine {

  /** Most items one batch request may carry. */
  public static final int MAX_BATCH_ITEMS = BatchEncrypt.MAX_ITEMS;

  /** Size of a {@code datakey} data key, in bytes (256 bits). */
  static final int DATA_KEY_BYTES = 32;

  private final TransitKeys keys;
  private final Handlers handlers;
  private volatile boolean closed;

  TransitEngine(EngineContext context) {
    this(new TransitKeys(context.storage(), context.clock()));
  }

  TransitEngine(TransitKeys keys) {
    this.keys = keys;
    this.handlers =
        Handlers.of(TransitOperations.ALL)
            .on(CREATE_KEY, this::createKey)
            .on(GET_KEY, r -> metadata(keys.require("name", r.name())))
            .on(LIST_KEYS, r -> new KeyList(keys.names()))
            .on(ROTATE_KEY, r -> metadata(keys.rotate(r.name())))
            .on(UPDATE_KEY_CONFIG, this::updateKeyConfig)
            .on(DELETE_KEY, this::deleteKey)
            .on(EXPORT_KEY, this::exportKey)
            .on(ENCRYPT, this::encrypt)
            .on(DECRYPT, this::decrypt)
            .on(REWRAP, this::rewrap)
            .on(DATAKEY, this::datakey)
            .on(BATCH_ENCRYPT, this::batchEncrypt)
            .on(BATCH_DECRYPT, this::batchDecrypt)
            .on(SIGN, this::sign)
            .on(VERIFY, this::verify)
            .on(HMAC, this::hmac)
            .on(VERIFY_HMAC, this::verifyHmac)
            .bound();
  }

  @Override
  public <Q extends Record, R extends Record> R handle(
      Operation<Q, R> operation, Q request, Caller caller) {
    requireOpen();
    return handlers.handle(operation, request, caller);
  }

  /** Destroys every cached key; later calls throw {@code IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    keys.close();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("transit engine is closed");
    }
  }

  // --- key administration ---

  private KeyInfo createKey(CreateKey request) {
    TransitKeyType type = TransitKeyType.fromWire(request.type());
    return metadata(keys.create(request.name(), type, request.exportable()));
  }

  private KeyInfo updateKeyConfig(UpdateKeyConfig request) {
    return metadata(
        keys.update(
            request.name(),
            Optional.ofNullable(request.minDecryptionVersion()),
            Optional.ofNullable(request.deletionAllowed())));
  }

  private KeyDeleted deleteKey(KeyName request) {
    keys.delete(request.name());
    return new KeyDeleted(request.name());
  }

  private ExportedKey exportKey(ExportKey request) {
    TransitKey key = keys.require("name", request.name());
    if (!key.exportable()) {
      throw new DomainException.Forbidden(
          "key " + key.name() + " is not exportable: only keys created with exportable=true are");
    }
    List<KeyVersion> chosen = new ArrayList<>();
    if (request.version() != null) {
      chosen.add(key.usableVersion(request.version(), "export"));
    } else {
      chosen.addAll(key.versions().subList(key.minDecryptionVersion() - 1, key.latestVersion()));
    }
    Map<String, String> raw = new LinkedHashMap<>();
    for (KeyVersion v : chosen) {
      try (SecretBytes secret = v.key().exportRawKey()) {
        raw.put(Integer.toString(v.number()), secret.withBytes(CanonicalBase64::encode));
      }
    }
    return new ExportedKey(key.name(), key.type().wireName(), raw);
  }

  private static KeyInfo metadata(TransitKey key) {
    List<KeyInfo.Version> versions = new ArrayList<>(key.latestVersion());
    for (KeyVersion v : key.versions()) {
      String publicKey = v.key() instanceof SigningKeyset signing ? signing.publicKeyPem() : null;
      versions.add(new KeyInfo.Version(v.number(), v.createdAt(), publicKey));
    }
    return new KeyInfo(
        key.name(),
        key.type().wireName(),
        key.latestVersion(),
        key.minDecryptionVersion(),
        key.deletionAllowed(),
        key.exportable(),
        versions);
  }

  // --- encryption ---

  private Ciphertext encrypt(Encrypt request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "encrypt");
    return new Ciphertext(encryptOne(key, request.plaintext(), request.context()));
  }

  private Plaintext decrypt(Decrypt request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "decrypt");
    return new Plaintext(open(key, request.ciphertext(), request.context()));
  }

  private Ciphertext rewrap(Rewrap request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "rewrap");
    byte[] plaintext = open(key, request.ciphertext(), request.context());
    try {
      return new Ciphertext(encryptOne(key, plaintext, request.context()));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private WrappedDataKey datakey(DataKey request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "datakey");
    byte[] dataKey = SecureRandoms.bytes(DATA_KEY_BYTES);
    try {
      TransitValue wrapped = encryptOne(key, dataKey, request.context());
      return new WrappedDataKey(
          wrapped, wrapped.version(), request.plaintext() ? dataKey.clone() : null);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private BatchEncrypted batchEncrypt(BatchEncrypt request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "batch-encrypt");
    return new BatchEncrypted(
        BatchItem.answerEach(
            request.items(),
            one -> BatchEncrypted.Result.of(encryptOne(key, one.plaintext(), one.context())),
            BatchEncrypted.Result::refused));
  }

  private BatchDecrypted batchDecrypt(BatchDecrypt request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.ENCRYPTION, "batch-decrypt");
    return new BatchDecrypted(
        BatchItem.answerEach(
            request.items(),
            one -> BatchDecrypted.Result.of(open(key, one.ciphertext(), one.context())),
            BatchDecrypted.Result::refused));
  }

  /** Encrypts under the latest version; the caller keeps (and may wipe) {@code plaintext}. */
  private static TransitValue encryptOne(TransitKey key, byte[] plaintext, byte[] context) {
    KeyVersion latest = key.latest();
    return new TransitValue(
        latest.number(), ((AeadKeyset) latest.key()).encrypt(plaintext, context));
  }

  private static byte[] open(TransitKey key, TransitValue value, byte[] context) {
    KeyVersion version = key.usableVersion(value.version(), "ciphertext");
    try {
      return ((AeadKeyset) version.key()).decrypt(value.bytes(), context);
    } catch (IntegrityException e) {
      throw new DomainException.InvalidInput("ciphertext could not be decrypted");
    }
  }

  // --- signatures and MACs ---

  private Signature sign(Sign request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.SIGNING, "sign");
    KeyVersion latest = key.latest();
    byte[] signature = ((SigningKeyset) latest.key()).sign(request.input());
    return new Signature(new TransitValue(latest.number(), signature), latest.number());
  }

  private Validity verify(Verify request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.SIGNING, "verify");
    TransitValue signature = request.signature();
    KeyVersion version = key.usableVersion(signature.version(), "signature");
    return new Validity(((SigningKeyset) version.key()).verify(signature.bytes(), request.input()));
  }

  private HmacTag hmac(Hmac request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.MAC, "hmac");
    KeyVersion latest = key.latest();
    byte[] tag = ((MacKeyset) latest.key()).compute(request.input());
    return new HmacTag(new TransitValue(latest.number(), tag), latest.number());
  }

  private Validity verifyHmac(VerifyHmac request) {
    TransitKey key = keyNamed(request.key(), KeyPurpose.MAC, "verify-hmac");
    TransitValue tag = request.hmac();
    KeyVersion version = key.usableVersion(tag.version(), "hmac");
    return new Validity(((MacKeyset) version.key()).verify(tag.bytes(), request.input()));
  }

  private TransitKey keyNamed(String name, KeyPurpose purpose, String operation) {
    TransitKey key = keys.require("key", name);
    if (key.type().purpose() != purpose) {
      throw new DomainException.InvalidInput(
          operation
              + " needs "
              + describe(purpose)
              + "; key "
              + key.name()
              + " is "
              + key.type().wireName());
    }
    return key;
  }

  private static String describe(KeyPurpose purpose) {
    switch (purpose) {
      case ENCRYPTION:
        return "an encryption key (aes256-gcm or chacha20-poly1305)";
      case SIGNING:
        return "a signing key (ed25519 or ecdsa-p256)";
      default:
        return "an hmac key";
    }
  }
}
