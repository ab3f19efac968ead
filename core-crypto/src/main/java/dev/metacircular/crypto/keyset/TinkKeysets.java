package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.ChaCha20Poly1305Key;
import com.google.crypto.tink.aead.ChaCha20Poly1305Parameters;
import com.google.crypto.tink.mac.HmacKey;
import com.google.crypto.tink.mac.HmacParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.signature.EcdsaParameters;
import com.google.crypto.tink.signature.EcdsaPrivateKey;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.signature.SignaturePrivateKey;
import dev.metacircular.crypto.SecretBytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The only place that talks to Tink's keyset machinery: registration, the one parameter set per
 * {@link KeyType}, generation, (de)serialisation and checks.
 *
 * <p>Serialisation uses {@link TinkProtoKeysetFormat} with {@link InsecureSecretKeyAccess}: the
 * keyset bytes carry the secret key in the clear. That is acceptable here only because callers
 * store them behind the seal barrier, which encrypts every value with the mount's key and binds it
 * to its path; {@link KeysetKey#serializeCleartext()} says so to every caller.
 */
final class TinkKeysets {

  static {
    // Once per process: the registry Tink's generation, parsing and primitives rely on.
    try {
      AeadConfig.register();
      SignatureConfig.register();
      MacConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("cannot register Tink key types");
    }
  }

  private static final Map<KeyType, Parameters> PARAMETERS = parameters();
  private static final Configuration CONFIGURATION = configuration();

  private TinkKeysets() {}

  static KeysetHandle generate(KeyType type) {
    try {
      return KeysetHandle.generateNew(PARAMETERS.get(type));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + type + " key");
    }
  }

  static KeysetHandle parse(KeyType type, byte[] bytes) {
    if (type == null || bytes == null) {
      throw new IllegalArgumentException("invalid keyset");
    }
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeyset(bytes, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // Never pass the parser's message on: it may describe the key material.
      throw new IllegalArgumentException("invalid keyset");
    }
    if (handle.size() != 1) {
      throw new IllegalArgumentException("invalid keyset");
    }
    KeysetHandle.Entry entry = handle.getAt(0);
    Key key = entry.getKey();
    boolean usable =
        entry.isPrimary()
            && entry.getStatus().equals(KeyStatus.ENABLED)
            && key.getParameters().equals(PARAMETERS.get(type))
            && (type.purpose() != KeyPurpose.SIGNING || key instanceof SignaturePrivateKey);
    if (!usable) {
      throw new IllegalArgumentException("invalid keyset");
    }
    return handle;
  }

  static KeysetKey wrap(KeyType type, KeysetHandle handle) {
    switch (type.purpose()) {
      case ENCRYPTION:
        return new AeadKeyset(type, handle);
      case SIGNING:
        return new SigningKeyset(type, handle);
      case MAC:
        return new MacKeyset(type, handle);
      default:
        throw new IllegalArgumentException("unknown key purpose " + type.purpose());
    }
  }

  static byte[] serialize(KeysetHandle handle) {
    try {
      return TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize keyset");
    }
  }

  static <P> P primitive(KeysetHandle handle, Class<P> primitiveClass) {
    try {
      return handle.getPrimitive(CONFIGURATION, primitiveClass);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build " + primitiveClass.getSimpleName());
    }
  }

  static KeysetHandle publicHandle(KeysetHandle handle) {
    try {
      return handle.getPublicKeysetHandle();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the public key");
    }
  }

  static SecretBytes rawKey(KeysetHandle handle) {
    Key key = handle.getPrimary().getKey();
    if (key instanceof AesGcmKey) {
      return SecretBytes.wrap(
          ((AesGcmKey) key).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
    }
    if (key instanceof ChaCha20Poly1305Key) {
      return SecretBytes.wrap(
          ((ChaCha20Poly1305Key) key).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
    }
    if (key instanceof HmacKey) {
      return SecretBytes.wrap(
          ((HmacKey) key).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
    }
    if (key instanceof Ed25519PrivateKey) {
      return SecretBytes.wrap(
          ((Ed25519PrivateKey) key)
              .getPrivateKeyBytes()
              .toByteArray(InsecureSecretKeyAccess.get()));
    }
    if (key instanceof EcdsaPrivateKey) {
      BigInteger d =
          ((EcdsaPrivateKey) key).getPrivateValue().getBigInteger(InsecureSecretKeyAccess.get());
      return SecretBytes.wrap(fixedLength(d, 32));
    }
    throw new IllegalStateException("no raw form for this key");
  }

  /** {@code value} as exactly {@code length} big-endian bytes (P-256 scalars are below 2^256). */
  private static byte[] fixedLength(BigInteger value, int length) {
    byte[] minimal = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(minimal.length, length);
    System.arraycopy(minimal, minimal.length - copy, out, length - copy, copy);
    Arrays.fill(minimal, (byte) 0);
    return out;
  }

  private static Map<KeyType, Parameters> parameters() {
    try {
      Map<KeyType, Parameters> p = new EnumMap<>(KeyType.class);
      p.put(
          KeyType.AES256_GCM,
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build());
      p.put(
          KeyType.CHACHA20_POLY1305,
          ChaCha20Poly1305Parameters.create(ChaCha20Poly1305Parameters.Variant.NO_PREFIX));
      p.put(KeyType.ED25519, Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
      p.put(
          KeyType.ECDSA_P256,
          EcdsaParameters.builder()
              .setCurveType(EcdsaParameters.CurveType.NIST_P256)
              .setHashType(EcdsaParameters.HashType.SHA256)
              .setSignatureEncoding(EcdsaParameters.SignatureEncoding.DER)
              .setVariant(EcdsaParameters.Variant.NO_PREFIX)
              .build());
      p.put(
          KeyType.HMAC_SHA256,
          HmacParameters.builder()
              .setKeySizeBytes(32)
              .setTagSizeBytes(32)
              .setHashType(HmacParameters.HashType.SHA256)
              .setVariant(HmacParameters.Variant.NO_PREFIX)
              .build());
      return p;
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("invalid Tink parameters");
    }
  }

  private static Configuration configuration() {
    try {
      return RegistryConfiguration.get();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError("no Tink configuration");
    }
  }
}
