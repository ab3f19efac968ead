package dev.metacircular.crypto.keyset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysetKeyTest {

  private static final byte[] DATA = "attack at dawn".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AAD = "order-42".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void generatedKeysHaveTheSubtypeOfTheirPurpose(KeyType type) {
    KeysetKey key = KeysetKey.generate(type);
    assertThat(key.type()).isEqualTo(type);
    switch (type.purpose()) {
      case ENCRYPTION:
        assertThat(key).isInstanceOf(AeadKeyset.class);
        break;
      case SIGNING:
        assertThat(key).isInstanceOf(SigningKeyset.class);
        break;
      default:
        assertThat(key).isInstanceOf(MacKeyset.class);
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aSerializedKeyParsesBackToTheSameKey(KeyType type) {
    KeysetKey original = KeysetKey.generate(type);
    KeysetKey parsed = KeysetKey.parse(type, original.serializeCleartext());
    try (SecretBytes a = original.exportRawKey();
        SecretBytes b = parsed.exportRawKey()) {
      assertThat(a.equalsConstantTime(b)).isTrue();
    }
    if (original instanceof AeadKeyset) {
      byte[] ct = ((AeadKeyset) original).encrypt(DATA, AAD);
      assertThat(((AeadKeyset) parsed).decrypt(ct, AAD)).isEqualTo(DATA);
    } else if (original instanceof SigningKeyset) {
      byte[] sig = ((SigningKeyset) parsed).sign(DATA);
      assertThat(((SigningKeyset) original).verify(sig, DATA)).isTrue();
      assertThat(((SigningKeyset) parsed).publicKeyPem())
          .isEqualTo(((SigningKeyset) original).publicKeyPem());
    } else {
      assertThat(((MacKeyset) parsed).compute(DATA))
          .isEqualTo(((MacKeyset) original).compute(DATA));
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void twoGeneratedKeysDiffer(KeyType type) {
    try (SecretBytes a = KeysetKey.generate(type).exportRawKey();
        SecretBytes b = KeysetKey.generate(type).exportRawKey()) {
      assertThat(a.length()).isEqualTo(32);
      assertThat(a.equalsConstantTime(b)).isFalse();
    }
  }

  @Test
  void parseRefusesBytesOfAnotherTypeGarbageAndNull() {
    byte[] aes = KeysetKey.generate(KeyType.AES256_GCM).serializeCleartext();
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.CHACHA20_POLY1305, aes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid keyset");
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.HMAC_SHA256, aes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid keyset");
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.AES256_GCM, new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid keyset");
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.AES256_GCM, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid keyset");
  }

  @Test
  void parseRefusesAKeysetWithATinkPrefixOrTwoKeysOrOnlyAPublicKey() throws Exception {
    // Tink's default AES-GCM carries a 5-byte key-id prefix: not our RAW format.
    byte[] tinkPrefixed =
        TinkProtoKeysetFormat.serializeKeyset(
            KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
            InsecureSecretKeyAccess.get());
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.AES256_GCM, tinkPrefixed))
        .hasMessage("invalid keyset");

    AesGcmParameters raw =
        AesGcmParameters.builder()
            .setKeySizeBytes(32)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build();
    KeysetHandle two =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.generateEntryFromParameters(raw).withRandomId().makePrimary())
            .addEntry(KeysetHandle.generateEntryFromParameters(raw).withRandomId())
            .build();
    byte[] twoKeys = TinkProtoKeysetFormat.serializeKeyset(two, InsecureSecretKeyAccess.get());
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.AES256_GCM, twoKeys))
        .hasMessage("invalid keyset");

    KeysetHandle signing =
        TinkProtoKeysetFormat.parseKeyset(
            KeysetKey.generate(KeyType.ED25519).serializeCleartext(),
            InsecureSecretKeyAccess.get());
    byte[] publicOnly =
        TinkProtoKeysetFormat.serializeKeysetWithoutSecret(signing.getPublicKeysetHandle());
    assertThatThrownBy(() -> KeysetKey.parse(KeyType.ED25519, publicOnly))
        .hasMessage("invalid keyset");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"AES256_GCM", "CHACHA20_POLY1305"})
  void encryptionBindsTheAssociatedDataAndDetectsTampering(KeyType type) {
    AeadKeyset key = (AeadKeyset) KeysetKey.generate(type);
    byte[] ct = key.encrypt(DATA, AAD);

    assertThat(ct).hasSize(DATA.length + AeadKeyset.OVERHEAD);
    assertThat(key.encrypt(DATA, AAD)).isNotEqualTo(ct);
    assertThat(key.decrypt(ct, AAD)).isEqualTo(DATA);
    assertThatThrownBy(() -> key.decrypt(ct, "order-43".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> key.decrypt(ct, null)).isInstanceOf(IntegrityException.class);

    byte[] tampered = ct.clone();
    tampered[ct.length / 2] ^= 1;
    assertThatThrownBy(() -> key.decrypt(tampered, AAD)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> key.decrypt(Arrays.copyOf(ct, 27), AAD))
        .isInstanceOf(IntegrityException.class);
    AeadKeyset other = (AeadKeyset) KeysetKey.generate(type);
    assertThatThrownBy(() -> other.decrypt(ct, AAD)).isInstanceOf(IntegrityException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"AES256_GCM", "CHACHA20_POLY1305"})
  void nullAssociatedDataMeansEmpty(KeyType type) {
    AeadKeyset key = (AeadKeyset) KeysetKey.generate(type);
    assertThat(key.decrypt(key.encrypt(DATA, null), new byte[0])).isEqualTo(DATA);
    assertThat(key.decrypt(key.encrypt(new byte[0], new byte[0]), null)).isEmpty();
  }

  @Test
  void aesGcmOutputIsNonceCiphertextTagAndOpensWithTheJcaAndTheExportedKey() throws Exception {
    AeadKeyset key = (AeadKeyset) KeysetKey.generate(KeyType.AES256_GCM);
    byte[] ct = key.encrypt(DATA, AAD);
    try (SecretBytes raw = key.exportRawKey()) {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(raw.copy(), "AES"),
          new GCMParameterSpec(128, ct, 0, 12));
      cipher.updateAAD(AAD);
      assertThat(cipher.doFinal(ct, 12, ct.length - 12)).isEqualTo(DATA);
    }
  }

  @Test
  void chachaOutputOpensWithTheJcaAndTheExportedKey() throws Exception {
    AeadKeyset key = (AeadKeyset) KeysetKey.generate(KeyType.CHACHA20_POLY1305);
    byte[] ct = key.encrypt(DATA, AAD);
    try (SecretBytes raw = key.exportRawKey()) {
      Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(raw.copy(), "ChaCha20"),
          new IvParameterSpec(Arrays.copyOf(ct, 12)));
      cipher.updateAAD(AAD);
      assertThat(cipher.doFinal(ct, 12, ct.length - 12)).isEqualTo(DATA);
    }
  }

  @Test
  void hmacIsPlainHmacSha256OverTheExportedKey() throws Exception {
    MacKeyset key = (MacKeyset) KeysetKey.generate(KeyType.HMAC_SHA256);
    byte[] tag = key.compute(DATA);
    try (SecretBytes raw = key.exportRawKey()) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(raw.copy(), "HmacSHA256"));
      assertThat(tag).hasSize(32).isEqualTo(mac.doFinal(DATA));
    }
    assertThat(key.verify(tag, DATA)).isTrue();
    byte[] bad = tag.clone();
    bad[0] ^= 1;
    assertThat(key.verify(bad, DATA)).isFalse();
    assertThat(key.verify(tag, AAD)).isFalse();
    assertThat(key.verify(new byte[0], DATA)).isFalse();
    assertThat(key.verify(null, DATA)).isFalse();
  }

  @Test
  void ed25519SignaturesVerifyWithTheJcaAndThePublicKeyMatchesTheExportedSeed() throws Exception {
    SigningKeyset key = (SigningKeyset) KeysetKey.generate(KeyType.ED25519);
    byte[] sig = key.sign(DATA);
    assertThat(sig).hasSize(64);

    PublicKey pub =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(key.publicKeyDer()));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(pub);
    verifier.update(DATA);
    assertThat(verifier.verify(sig)).isTrue();

    try (SecretBytes seed = key.exportRawKey()) {
      byte[] derived =
          new Ed25519PrivateKeyParameters(seed.copy(), 0).generatePublicKey().getEncoded();
      byte[] der = key.publicKeyDer();
      assertThat(Arrays.copyOfRange(der, der.length - 32, der.length)).isEqualTo(derived);
    }
  }

  @Test
  void ecdsaSignaturesAreDerAndInteroperateWithTheJcaBothWays() throws Exception {
    SigningKeyset key = (SigningKeyset) KeysetKey.generate(KeyType.ECDSA_P256);
    byte[] sig = key.sign(DATA);
    assertThat(sig[0]).isEqualTo((byte) 0x30);

    PublicKey pub =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.publicKeyDer()));
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(pub);
    verifier.update(DATA);
    assertThat(verifier.verify(sig)).isTrue();

    // A JCA signature made with the exported scalar verifies under our key: same key pair.
    try (SecretBytes scalar = key.exportRawKey()) {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(
          KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar.copy()), spec)));
      signer.update(DATA);
      assertThat(key.verify(signer.sign(), DATA)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "ECDSA_P256"})
  void aSignatureOverOtherDataOrFromAnotherKeyDoesNotVerify(KeyType type) {
    SigningKeyset key = (SigningKeyset) KeysetKey.generate(type);
    byte[] sig = key.sign(DATA);
    assertThat(key.verify(sig, AAD)).isFalse();
    assertThat(((SigningKeyset) KeysetKey.generate(type)).verify(sig, DATA)).isFalse();
    assertThat(key.verify(new byte[] {1, 2, 3}, DATA)).isFalse();
    assertThat(key.verify(null, DATA)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ED25519", "ECDSA_P256"})
  void thePublicKeyPemIsSubjectPublicKeyInfo(KeyType type) {
    SigningKeyset key = (SigningKeyset) KeysetKey.generate(type);
    String pem = key.publicKeyPem();
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\n")
        .endsWith("\n-----END PUBLIC KEY-----\n");
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replace("\n", "");
    assertThat(Base64.getDecoder().decode(body)).isEqualTo(key.publicKeyDer());
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void aDestroyedKeyRefusesEveryUseOfItsSecret(KeyType type) {
    KeysetKey key = KeysetKey.generate(type);
    byte[] signature = key instanceof SigningKeyset ? ((SigningKeyset) key).sign(DATA) : null;
    key.destroy();
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(key::serializeCleartext).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(key::exportRawKey).isInstanceOf(IllegalStateException.class);
    if (key instanceof AeadKeyset) {
      assertThatThrownBy(() -> ((AeadKeyset) key).encrypt(DATA, null))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> ((AeadKeyset) key).decrypt(DATA, null))
          .isInstanceOf(IllegalStateException.class);
    } else if (key instanceof SigningKeyset) {
      assertThatThrownBy(() -> ((SigningKeyset) key).sign(DATA))
          .isInstanceOf(IllegalStateException.class);
      // Verifying needs only the public key, which is not secret.
      assertThat(((SigningKeyset) key).verify(signature, DATA)).isTrue();
    } else {
      assertThatThrownBy(() -> ((MacKeyset) key).compute(DATA))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void toStringNamesOnlyTheType(KeyType type) {
    KeysetKey key = KeysetKey.generate(type);
    assertThat(key.toString()).endsWith("[" + type + "]").hasSizeLessThan(40);
  }
}
