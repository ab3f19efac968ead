package dev.metacircular.crypto.u2u;

import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.SecureRandoms;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyAgreement;

/**
 * A user's (or a message's ephemeral) key-agreement key pair: X25519 or P-256 through the JDK. The
 * public key travels as X.509 SubjectPublicKeyInfo DER, the private key is stored as PKCS#8 DER
 * (for the barrier only). {@link #agree} refuses a peer key of another curve or one that does not
 * decode.
 */
public final class AgreementKeyPair {
  private final AgreementKeyType type;
  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private AgreementKeyPair(AgreementKeyType type, PrivateKey privateKey, byte[] publicKey) {
    this.type = type;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  public static AgreementKeyPair generate(AgreementKeyType type) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type.keyAlgorithm);
      if (type == AgreementKeyType.P256) {
        g.initialize(new ECGenParameterSpec("secp256r1"), SecureRandoms.instance());
      } else {
        g.initialize(255, SecureRandoms.instance());
      }
      KeyPair pair = g.generateKeyPair();
      return new AgreementKeyPair(type, pair.getPrivate(), pair.getPublic().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + type.wireName() + " key", e);
    }
  }

  /** The pair stored as {@code pkcs8} with its {@code publicKey} (SPKI DER). */
  public static AgreementKeyPair fromEncoded(
      AgreementKeyType type, byte[] pkcs8, byte[] publicKey) {
    try {
      PrivateKey key =
          KeyFactory.getInstance(type.keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      return new AgreementKeyPair(type, key, publicKey.clone());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the stored key pair is unreadable");
    }
  }

  public AgreementKeyType type() {
    return type;
  }

  /** X.509 SubjectPublicKeyInfo DER. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public SecretBytes pkcs8() {
    return SecretBytes.wrap(privateKey.getEncoded());
  }

  /** The shared secret with {@code peerPublicKey} (SPKI DER of the same curve). */
  public byte[] agree(byte[] peerPublicKey) {
    try {
      PublicKey peer = decodePublic(type, peerPublicKey);
      KeyAgreement ka = KeyAgreement.getInstance(type.agreement);
      ka.init(privateKey);
      ka.doPhase(peer, true);
      byte[] secret = ka.generateSecret();
      if (Arrays.equals(secret, new byte[secret.length])) {
        throw new IllegalArgumentException("the peer key is a low-order point");
      }
      return secret;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the public key is not a valid " + type.wireName() + " key");
    }
  }

  /** Checks that {@code publicKey} is an SPKI DER key of {@code type}. */
  public static PublicKey decodePublic(AgreementKeyType type, byte[] publicKey)
      throws GeneralSecurityException {
    Objects.requireNonNull(publicKey, "publicKey");
    PublicKey key =
        KeyFactory.getInstance(type.keyAlgorithm).generatePublic(new X509EncodedKeySpec(publicKey));
    if (!Arrays.equals(key.getEncoded(), publicKey)) {
      throw new GeneralSecurityException("not canonical");
    }
    return key;
  }

  @Override
  public String toString() {
    return "AgreementKeyPair[" + type.wireName() + "]";
  }
}
