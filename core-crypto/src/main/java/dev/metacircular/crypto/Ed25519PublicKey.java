package dev.metacircular.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * An Ed25519 public key (RFC 8032). Immutable and thread safe; equality is by content. Verification
 * uses Bouncy Castle, which is far faster than the JDK's SunEC for Ed25519.
 */
public final class Ed25519PublicKey {

  public static final int KEY_LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] raw;
  private final Ed25519PublicKeyParameters params;
  private final String keyId;

  private Ed25519PublicKey(byte[] raw) {
    this.raw = raw;
    try {
      this.params = new Ed25519PublicKeyParameters(raw, 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid Ed25519 public key");
    }
    this.keyId = computeKeyId(raw);
  }

  /** From the 32-byte RFC 8032 encoding. */
  public static Ed25519PublicKey fromRaw(byte[] raw32) {
    if (raw32 == null || raw32.length != KEY_LENGTH) {
      throw new IllegalArgumentException("Ed25519 public key must be " + KEY_LENGTH + " bytes");
    }
    return new Ed25519PublicKey(raw32.clone());
  }

  /** From a {@code -----BEGIN PUBLIC KEY-----} (SubjectPublicKeyInfo) PEM block. */
  public static Ed25519PublicKey fromPem(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("invalid Ed25519 public key PEM");
    }
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("invalid Ed25519 public key PEM");
    }
    if (!(parsed instanceof SubjectPublicKeyInfo info)
        || !EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())
        || info.getAlgorithm().getParameters() != null) {
      throw new IllegalArgumentException("invalid Ed25519 public key PEM");
    }
    byte[] raw = info.getPublicKeyData().getOctets();
    if (raw.length != KEY_LENGTH) {
      throw new IllegalArgumentException("invalid Ed25519 public key PEM");
    }
    return new Ed25519PublicKey(raw);
  }

  /** The 32-byte RFC 8032 encoding (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** {@code -----BEGIN PUBLIC KEY-----} PEM, as {@code openssl pkey -pubout} writes it. */
  public String toPem() {
    try {
      byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params).getEncoded();
      StringWriter out = new StringWriter();
      try (PemWriter writer = new PemWriter(out)) {
        writer.writeObject(new PemObject("PUBLIC KEY", der));
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stable key id: base64url (no padding) of the first 16 bytes of SHA-256 of the raw key. */
  public String keyId() {
    return keyId;
  }

  /** True when {@code signature} is a valid Ed25519 signature of {@code message}; never throws. */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      return params.verify(
          Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey other && MessageDigest.isEqual(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[kid=" + keyId + "]";
  }

  private static String computeKeyId(byte[] raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      return new String(
          Base64.getUrlEncoder().withoutPadding().encode(Arrays.copyOf(digest, 16)),
          StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
