package dev.metacircular.crypto.x509;

import dev.metacircular.crypto.SecureRandoms;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key types a CA issues and signs with, by their wire names ({@code ec-p256}...). Each knows
 * how to generate a key pair (JDK providers, the process's CSPRNG) and which signature algorithm a
 * certificate signed by such a key uses: SHA-256 for P-256 and RSA, SHA-384 for P-384, pure
 * Ed25519.
 */
public enum CertificateKeyType {
  EC_P256("ec-p256", "EC", 256, "SHA256withECDSA"),
  EC_P384("ec-p384", "EC", 384, "SHA384withECDSA"),
  RSA_2048("rsa-2048", "RSA", 2048, "SHA256withRSA"),
  RSA_3072("rsa-3072", "RSA", 3072, "SHA256withRSA"),
  RSA_4096("rsa-4096", "RSA", 4096, "SHA256withRSA"),
  ED25519("ed25519", "Ed25519", 256, "Ed25519");

  private final String wireName;
  private final String algorithm;
  private final int bits;
  private final String signatureAlgorithm;

  CertificateKeyType(String wireName, String algorithm, int bits, String signatureAlgorithm) {
    this.wireName = wireName;
    this.algorithm = algorithm;
    this.bits = bits;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The name clients give ({@code ec-p384}). */
  public String wireName() {
    return wireName;
  }

  /** The JCA key algorithm ({@code EC}, {@code RSA}, {@code Ed25519}). */
  public String algorithm() {
    return algorithm;
  }

  /** The key size in bits (the curve size for EC, 256 for Ed25519). */
  public int bits() {
    return bits;
  }

  /** The JCA signature algorithm a key of this type signs certificates and CRLs with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The type called {@code wireName}, if any. */
  public static Optional<CertificateKeyType> named(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  /** Every wire name, in declaration order, for error messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(t -> t.wireName).toList());
  }

  /** The type of an existing public key, if it is one we know. */
  public static Optional<CertificateKeyType> of(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int size = ec.getParams().getCurve().getField().getFieldSize();
      return size == 256 ? Optional.of(EC_P256) : size == 384 ? Optional.of(EC_P384) : none();
    }
    if (key instanceof RSAPublicKey rsa) {
      int size = rsa.getModulus().bitLength();
      return Arrays.stream(values())
          .filter(t -> t.algorithm.equals("RSA") && t.bits == size)
          .findFirst();
    }
    if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
      return key.getEncoded().length == 44 ? Optional.of(ED25519) : none();
    }
    return none();
  }

  private static Optional<CertificateKeyType> none() {
    return Optional.empty();
  }

  /** A fresh key pair of this type. */
  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      switch (algorithm) {
        case "EC" ->
            generator.initialize(
                new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"),
                SecureRandoms.instance());
        case "RSA" ->
            generator.initialize(
                new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4),
                SecureRandoms.instance());
        default -> {
          // Ed25519 has one parameter set.
        }
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + wireName + " key", e);
    }
  }
}
