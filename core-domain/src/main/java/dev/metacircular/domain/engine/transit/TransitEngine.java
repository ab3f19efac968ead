package dev.metacircular.domain.engine.transit;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.keyset.AeadKeyset;
import dev.metacircular.crypto.keyset.KeyPurpose;
import dev.metacircular.crypto.keyset.MacKeyset;
import dev.metacircular.crypto.keyset.SigningKeyset;
import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.engine.EngineCall;
import dev.metacircular.ports.engine.EngineContext;
import dev.metacircular.ports.engine.EngineData;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.TransitValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One open transit mount: encryption as a service over named, versioned keys (after Vault's transit
 * engine). Key material never leaves except through {@code export-key} on a key created exportable.
 *
 * <p>Operations ({@code data} fields; {@code ?} optional; binary values standard base64):
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
 * hmac key — anything else is {@code InvalidInput}. Unknown fields are refused.
 *
 * <p>Keys are cached parsed after first use ({@link TransitKeys}), so the encrypt path does no
 * storage read, no keyset parsing and no locking. {@link #close()} destroys the cached keys; every
 * later call throws {@code IllegalStateException}. Thread-safe.
 */
public final class TransitEngine implements Engine {

  /** Most items one batch request may carry. */
  public static final int MAX_BATCH_ITEMS = 1000;

  /** Size of a {@code datakey} data key, in bytes (256 bits). */
  static final int DATA_KEY_BYTES = 32;

  private static final Set<String> OPERATIONS =
      Set.of(
          "create-key",
          "get-key",
          "list-keys",
          "rotate-key",
          "update-key-config",
          "delete-key",
          "export-key",
          "encrypt",
          "decrypt",
          "rewrap",
          "datakey",
          "batch-encrypt",
          "batch-decrypt",
          "sign",
          "verify",
          "hmac",
          "verify-hmac");

  /** Operations that change stored keys, or let key material out: audited one by one. */
  static final Set<String> STATE_CHANGING =
      Set.of("create-key", "rotate-key", "update-key-config", "delete-key", "export-key");

  private static final Set<String> NAME_ONLY = Set.of("name");
  private static final Set<String> CREATE_FIELDS = Set.of("name", "type", "exportable");
  private static final Set<String> CONFIG_FIELDS =
      Set.of("name", "min_decryption_version", "deletion_allowed");
  private static final Set<String> EXPORT_FIELDS = Set.of("name", "version");
  private static final Set<String> ENCRYPT_FIELDS = Set.of("key", "plaintext", "context");
  private static final Set<String> DECRYPT_FIELDS = Set.of("key", "ciphertext", "context");
  private static final Set<String> DATAKEY_FIELDS = Set.of("key", "plaintext", "context");
  private static final Set<String> BATCH_FIELDS = Set.of("key", "items");
  private static final Set<String> ENCRYPT_ITEM_FIELDS = Set.of("plaintext", "context");
  private static final Set<String> DECRYPT_ITEM_FIELDS = Set.of("ciphertext", "context");
  private static final Set<String> INPUT_FIELDS = Set.of("key", "input");
  private static final Set<String> VERIFY_FIELDS = Set.of("key", "input", "signature");
  private static final Set<String> VERIFY_HMAC_FIELDS = Set.of("key", "input", "hmac");

  private final TransitKeys keys;
  private volatile boolean closed;

  TransitEngine(EngineContext context) {
    this(new TransitKeys(context.storage(), context.clock()));
  }

  TransitEngine(TransitKeys keys) {
    this.keys = keys;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  /**
   * {@code keys/<name>} for every operation on one key (its name is {@code name} or {@code key} in
   * the data), {@code keys/} for {@code list-keys}: ACL rules can grant per key.
   */
  @Override
  public String resourcePath(String operation, EngineData data) {
    if ("list-keys".equals(operation)) {
      return "keys/";
    }
    Object name = data.asMap().get("key");
    if (name == null) {
      name = data.asMap().get("name");
    }
    return name instanceof String s && !s.isEmpty() ? "keys/" + s : null;
  }

  @Override
  public boolean changesState(String operation) {
    return STATE_CHANGING.contains(operation);
  }

  @Override
  public Map<String, Object> handle(EngineCall call) {
    requireOpen();
    EngineData data = call.data();
    switch (call.operation()) {
      case "encrypt":
        return encrypt(data);
      case "decrypt":
        return decrypt(data);
      case "rewrap":
        return rewrap(data);
      case "datakey":
        return datakey(data);
      case "batch-encrypt":
        return batchEncrypt(data);
      case "batch-decrypt":
        return batchDecrypt(data);
      case "sign":
        return sign(data);
      case "verify":
        return verify(data);
      case "hmac":
        return hmac(data);
      case "verify-hmac":
        return verifyHmac(data);
      case "create-key":
        return createKey(data);
      case "get-key":
        return metadata(keys.require("name", data.allowOnly(NAME_ONLY).requireString("name")));
      case "list-keys":
        data.allowOnly(Set.of());
        return Map.of("keys", keys.names());
      case "rotate-key":
        return metadata(keys.rotate(data.allowOnly(NAME_ONLY).requireString("name")));
      case "update-key-config":
        return updateKeyConfig(data);
      case "delete-key":
        return deleteKey(data);
      case "export-key":
        return exportKey(data);
      default:
        throw new DomainException.InvalidInput("unknown operation " + call.operation());
    }
  }

  /** Destroys every cached key; later calls throw {@code IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
    keys.close();
  }

  // --- key administration ---

  private Map<String, Object> createKey(EngineData data) {
    data.allowOnly(CREATE_FIELDS);
    String name = data.requireString("name");
    TransitKeyType type = TransitKeyType.fromWire(data.requireString("type"));
    return metadata(keys.create(name, type, data.bool("exportable", false)));
  }

  private Map<String, Object> updateKeyConfig(EngineData data) {
    data.allowOnly(CONFIG_FIELDS);
    String name = data.requireString("name");
    Optional<Integer> min = data.integer("min_decryption_version");
    Optional<Boolean> deletionAllowed = data.bool("deletion_allowed");
    if (min.isEmpty() && deletionAllowed.isEmpty()) {
      throw new DomainException.InvalidInput(
          "nothing to update: give min_decryption_version or deletion_allowed");
    }
    return metadata(keys.update(name, min, deletionAllowed));
  }

  private Map<String, Object> deleteKey(EngineData data) {
    String name = data.allowOnly(NAME_ONLY).requireString("name");
    keys.delete(name);
    return Map.of("name", name, "deleted", true);
  }

  private Map<String, Object> exportKey(EngineData data) {
    data.allowOnly(EXPORT_FIELDS);
    TransitKey key = keys.require("name", data.requireString("name"));
    if (!key.exportable()) {
      throw new DomainException.Forbidden(
          "key " + key.name() + " is not exportable: only keys created with exportable=true are");
    }
    Optional<Integer> only = data.integer("version");
    List<KeyVersion> chosen = new ArrayList<>();
    if (only.isPresent()) {
      chosen.add(key.usableVersion(only.get(), "export"));
    } else {
      chosen.addAll(key.versions().subList(key.minDecryptionVersion() - 1, key.latestVersion()));
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    for (KeyVersion v : chosen) {
      try (SecretBytes secret = v.key().exportRawKey()) {
        raw.put(Integer.toString(v.number()), secret.withBytes(EngineData::encodeBase64));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", key.name());
    out.put("type", key.type().wireName());
    out.put("keys", raw);
    return out;
  }

  private static Map<String, Object> metadata(TransitKey key) {
    List<Object> versions = new ArrayList<>(key.latestVersion());
    for (KeyVersion v : key.versions()) {
      Map<String, Object> version = new LinkedHashMap<>();
      version.put("version", v.number());
      version.put("created_at", v.createdAt().toString());
      if (v.key() instanceof SigningKeyset) {
        version.put("public_key", ((SigningKeyset) v.key()).publicKeyPem());
      }
      versions.add(version);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", key.name());
    out.put("type", key.type().wireName());
    out.put("latest_version", key.latestVersion());
    out.put("min_decryption_version", key.minDecryptionVersion());
    out.put("deletion_allowed", key.deletionAllowed());
    out.put("exportable", key.exportable());
    out.put("versions", versions);
    return out;
  }

  // --- encryption ---

  /**
   * The binary data path ({@code ports.transit.TransitData}): encrypts under the latest version of
   * {@code keyName}. The caller keeps (and may wipe) {@code plaintext}.
   */
  public TransitValue encrypt(String keyName, byte[] plaintext, byte[] context) {
    requireOpen();
    KeyVersion latest = keyNamed(keyName, KeyPurpose.ENCRYPTION, "encrypt").latest();
    return new TransitValue(
        latest.number(), ((AeadKeyset) latest.key()).encrypt(plaintext, context));
  }

  /** The binary data path: opens {@code ciphertext}; the caller owns the returned array. */
  public byte[] decrypt(String keyName, TransitValue ciphertext, byte[] context) {
    requireOpen();
    TransitKey key = keyNamed(keyName, KeyPurpose.ENCRYPTION, "decrypt");
    return open(key, ciphertext, context);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("transit engine is closed");
    }
  }

  private Map<String, Object> encrypt(EngineData data) {
    data.allowOnly(ENCRYPT_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "encrypt");
    return encryptOne(key, data.requireBase64("plaintext"), context(data));
  }

  private Map<String, Object> decrypt(EngineData data) {
    data.allowOnly(DECRYPT_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "decrypt");
    byte[] plaintext = decryptOne(key, data.requireString("ciphertext"), context(data));
    try {
      return Map.of("plaintext", EngineData.encodeBase64(plaintext));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private Map<String, Object> rewrap(EngineData data) {
    data.allowOnly(DECRYPT_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "rewrap");
    byte[] context = context(data);
    return encryptOne(key, decryptOne(key, data.requireString("ciphertext"), context), context);
  }

  private Map<String, Object> datakey(EngineData data) {
    data.allowOnly(DATAKEY_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "datakey");
    boolean withPlaintext =
        data.bool("plaintext")
            .orElseThrow(() -> new DomainException.InvalidInput("plaintext is required"));
    byte[] context = context(data);
    byte[] dataKey = SecureRandoms.bytes(DATA_KEY_BYTES);
    try {
      KeyVersion latest = key.latest();
      byte[] wrapped = ((AeadKeyset) latest.key()).encrypt(dataKey, context);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ciphertext", TransitValue.format(latest.prefix(), wrapped));
      out.put("key_version", latest.number());
      if (withPlaintext) {
        out.put("plaintext", EngineData.encodeBase64(dataKey));
      }
      return out;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private Map<String, Object> batchEncrypt(EngineData data) {
    data.allowOnly(BATCH_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "batch-encrypt");
    List<EngineData> items = data.requireObjects("items", MAX_BATCH_ITEMS);
    List<Object> results = new ArrayList<>(items.size());
    for (EngineData item : items) {
      try {
        item.allowOnly(ENCRYPT_ITEM_FIELDS);
        results.add(encryptOne(key, item.requireBase64("plaintext"), context(item)));
      } catch (DomainException refused) {
        results.add(Map.of("error", refused.getMessage()));
      }
    }
    return Map.of("results", results);
  }

  private Map<String, Object> batchDecrypt(EngineData data) {
    data.allowOnly(BATCH_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.ENCRYPTION, "batch-decrypt");
    List<EngineData> items = data.requireObjects("items", MAX_BATCH_ITEMS);
    List<Object> results = new ArrayList<>(items.size());
    for (EngineData item : items) {
      try {
        item.allowOnly(DECRYPT_ITEM_FIELDS);
        byte[] plaintext = decryptOne(key, item.requireString("ciphertext"), context(item));
        results.add(Map.of("plaintext", EngineData.encodeBase64(plaintext)));
        Arrays.fill(plaintext, (byte) 0);
      } catch (DomainException refused) {
        results.add(Map.of("error", refused.getMessage()));
      }
    }
    return Map.of("results", results);
  }

  /** Encrypts under the latest version and wipes {@code plaintext}. */
  private static Map<String, Object> encryptOne(TransitKey key, byte[] plaintext, byte[] context) {
    KeyVersion latest = key.latest();
    try {
      byte[] ciphertext = ((AeadKeyset) latest.key()).encrypt(plaintext, context);
      return Map.of(
          "ciphertext", TransitValue.format(latest.prefix(), ciphertext),
          "key_version", latest.number());
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static byte[] decryptOne(TransitKey key, String text, byte[] context) {
    return open(key, TransitValue.parse("ciphertext", text), context);
  }

  private static byte[] open(TransitKey key, TransitValue value, byte[] context) {
    KeyVersion version = key.usableVersion(value.version(), "ciphertext");
    try {
      return ((AeadKeyset) version.key()).decrypt(value.bytes(), context);
    } catch (IntegrityException e) {
      throw new DomainException.InvalidInput("ciphertext could not be decrypted");
    }
  }

  private static byte[] context(EngineData data) {
    return data.base64("context").orElse(null);
  }

  // --- signatures and MACs ---

  private Map<String, Object> sign(EngineData data) {
    data.allowOnly(INPUT_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.SIGNING, "sign");
    KeyVersion latest = key.latest();
    byte[] signature = ((SigningKeyset) latest.key()).sign(data.requireBase64("input"));
    return Map.of(
        "signature", TransitValue.format(latest.prefix(), signature),
        "key_version", latest.number());
  }

  private Map<String, Object> verify(EngineData data) {
    data.allowOnly(VERIFY_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.SIGNING, "verify");
    byte[] input = data.requireBase64("input");
    TransitValue signature = TransitValue.parse("signature", data.requireString("signature"));
    KeyVersion version = key.usableVersion(signature.version(), "signature");
    return Map.of("valid", ((SigningKeyset) version.key()).verify(signature.bytes(), input));
  }

  private Map<String, Object> hmac(EngineData data) {
    data.allowOnly(INPUT_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.MAC, "hmac");
    KeyVersion latest = key.latest();
    byte[] tag = ((MacKeyset) latest.key()).compute(data.requireBase64("input"));
    return Map.of(
        "hmac", TransitValue.format(latest.prefix(), tag),
        "key_version", latest.number());
  }

  private Map<String, Object> verifyHmac(EngineData data) {
    data.allowOnly(VERIFY_HMAC_FIELDS);
    TransitKey key = keyFor(data, KeyPurpose.MAC, "verify-hmac");
    byte[] input = data.requireBase64("input");
    TransitValue tag = TransitValue.parse("hmac", data.requireString("hmac"));
    KeyVersion version = key.usableVersion(tag.version(), "hmac");
    return Map.of("valid", ((MacKeyset) version.key()).verify(tag.bytes(), input));
  }

  /** The key named by the {@code key} field, refused unless its type serves {@code purpose}. */
  private TransitKey keyFor(EngineData data, KeyPurpose purpose, String operation) {
    return keyNamed(data.requireString("key"), purpose, operation);
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
