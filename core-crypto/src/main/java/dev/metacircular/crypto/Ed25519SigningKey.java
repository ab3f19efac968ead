package dev.metacircular.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key (RFC 8032), held as its 32-byte seed in a {@link SecretBytes}.
 *
 * <p>Signing uses Bouncy Castle's RFC 8032 code directly on the seed so that {@link #destroy()}
 * really wipes the only copy of the secret. After destroy, signing and exporting throw {@link
 * IllegalStateException}; {@link #publicKey()} keeps working. Thread safe.
 *
 * <p>PKCS#8 export is built and parsed without passing through {@code String}: the PEM is a {@code
 * char[]} the caller should wipe.
 */
public final class Ed25519SigningKey implements AutoCloseable {

  public static final int SEED_LENGTH = 32;

  /**
   * DER prefix of a PKCS#8 v1 Ed25519 key (RFC 8410): SEQUENCE{0, AlgId{1.3.101.112}, OCTET
   * STRING{OCTET STRING{seed}}}.
   */
  private static final byte[] PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private static final char[] PEM_BEGIN = "-----BEGIN PRIVATE KEY-----".toCharArray();
  private static final char[] PEM_END = "-----END PRIVATE KEY-----".toCharArray();

  private final SecretBytes seed;
  private final byte[] publicRaw;
  private final Ed25519PublicKey publicKey;

  private Ed25519SigningKey(SecretBytes ownedSeed) {
    this.seed = ownedSeed;
    this.publicRaw = new byte[Ed25519PublicKey.KEY_LENGTH];
    ownedSeed.withBytes(
        s -> {
          Ed25519.generatePublicKey(s, 0, publicRaw, 0);
          return null;
        });
    this.publicKey = Ed25519PublicKey.fromRaw(publicRaw);
  }

  /** A new random key. */
  public static Ed25519SigningKey generate() {
    return new Ed25519SigningKey(SecretBytes.random(SEED_LENGTH));
  }

  /** From a 32-byte RFC 8032 seed; the seed is copied (the caller keeps its own). */
  public static Ed25519SigningKey fromSeed(SecretBytes seed32) {
    if (seed32 == null || seed32.length() != SEED_LENGTH) {
      throw new IllegalArgumentException("Ed25519 seed must be " + SEED_LENGTH + " bytes");
    }
    return new Ed25519SigningKey(seed32.withBytes(SecretBytes::copyOf));
  }

  /**
   * From a {@code -----BEGIN PRIVATE KEY-----} PKCS#8 PEM (as written by {@code openssl genpkey
   * -algorithm ed25519}). Text outside the block is ignored.
   */
  public static Ed25519SigningKey fromPkcs8Pem(char[] pem) {
    byte[] der = null;
    byte[] seedBytes = null;
    try {
      der = decodePem(pem);
      if (der.length == PKCS8_PREFIX.length + SEED_LENGTH
          && Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
        seedBytes = Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
      } else {
        // v2 (OneAsymmetricKey with the public key) or other valid-but-unusual DER
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        if (!EdECObjectIdentifiers.id_Ed25519.equals(
            info.getPrivateKeyAlgorithm().getAlgorithm())) {
          throw new IllegalArgumentException("invalid Ed25519 private key PEM");
        }
        seedBytes = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      }
      if (seedBytes.length != SEED_LENGTH) {
        throw new IllegalArgumentException("invalid Ed25519 private key PEM");
      }
      return new Ed25519SigningKey(SecretBytes.copyOf(seedBytes));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("invalid Ed25519 private key PEM");
    } finally {
      wipe(der);
      wipe(seedBytes);
    }
  }

  /** PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), readable by {@code openssl pkey}. */
  public char[] toPkcs8Pem() {
    byte[] der = new byte[PKCS8_PREFIX.length + SEED_LENGTH];
    byte[] b64 = null;
    try {
      System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
      seed.withBytes(
          s -> {
            System.arraycopy(s, 0, der, PKCS8_PREFIX.length, SEED_LENGTH);
            return null;
          });
      b64 = Base64.getEncoder().encode(der); // 64 chars: fits one PEM line
      char[] out = new char[PEM_BEGIN.length + 1 + b64.length + 1 + PEM_END.length + 1];
      int pos = 0;
      System.arraycopy(PEM_BEGIN, 0, out, pos, PEM_BEGIN.length);
      pos += PEM_BEGIN.length;
      out[pos++] = '\n';
      for (byte b : b64) {
        out[pos++] = (char) b;
      }
      out[pos++] = '\n';
      System.arraycopy(PEM_END, 0, out, pos, PEM_END.length);
      pos += PEM_END.length;
      out[pos] = '\n';
      return out;
    } finally {
      wipe(der);
      wipe(b64);
    }
  }

  /** A copy of the 32-byte seed; the caller owns (and should destroy) it. */
  public SecretBytes seed() {
    return seed.withBytes(SecretBytes::copyOf);
  }

  /** The 64-byte Ed25519 signature of {@code message}. */
  public byte[] sign(byte[] message) {
    if (message == null) {
      throw new IllegalArgumentException("message must not be null");
    }
    byte[] signature = new byte[Ed25519PublicKey.SIGNATURE_LENGTH];
    seed.withBytes(
        s -> {
          Ed25519.sign(s, 0, publicRaw, 0, message, 0, message.length, signature, 0);
          return null;
        });
    return signature;
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** Wipes the seed. */
  public void destroy() {
    seed.destroy();
  }

  public boolean isDestroyed() {
    return seed.isDestroyed();
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "Ed25519SigningKey[kid=" + publicKey.keyId() + ", seed=redacted]";
  }

  /** DER bytes of the single PRIVATE KEY block in {@code pem}; temporaries are wiped. */
  private static byte[] decodePem(char[] pem) {
    if (pem == null) {
      throw new IllegalArgumentException("invalid Ed25519 private key PEM");
    }
    int begin = indexOf(pem, PEM_BEGIN, 0);
    if (begin < 0) {
      throw new IllegalArgumentException("invalid Ed25519 private key PEM");
    }
    int bodyStart = begin + PEM_BEGIN.length;
    int end = indexOf(pem, PEM_END, bodyStart);
    if (end < 0) {
      throw new IllegalArgumentException("invalid Ed25519 private key PEM");
    }
    byte[] ascii = new byte[end - bodyStart];
    int n = 0;
    try {
      for (int i = bodyStart; i < end; i++) {
        char c = pem[i];
        if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
          continue;
        }
        if (c > 0x7f) {
          throw new IllegalArgumentException("invalid Ed25519 private key PEM");
        }
        ascii[n++] = (byte) c;
      }
      ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(ascii, 0, n));
      byte[] der = new byte[decoded.remaining()];
      decoded.get(der);
      if (decoded.hasArray()) {
        wipe(decoded.array());
      }
      return der;
    } finally {
      wipe(ascii);
    }
  }

  private static int indexOf(char[] haystack, char[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void wipe(byte[] b) {
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }
}
