package dev.metacircular.crypto.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * A plain SSH public key (not a certificate) in its wire form (RFC 4253 section 6.6): Ed25519,
 * ECDSA on P-256, P-384 or P-521, or RSA. Parsing checks the whole structure — a point off its
 * curve, a truncated blob, trailing bytes or a type the line and the blob disagree on are refused
 * with {@link IllegalArgumentException} and a message a person can act on — so a certificate is
 * never issued for garbage.
 *
 * @param algorithm the wire type name ({@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code
 *     ssh-rsa})
 * @param blob the wire encoding, starting with the type name
 */
public record SshPublicKey(String algorithm, byte[] blob) {

  /** The longest public key line accepted (an RSA-16384 key is about 2.8 KB). */
  public static final int MAX_LINE_LENGTH = 16_384;

  public SshPublicKey {
    Objects.requireNonNull(algorithm, "algorithm");
    blob = blob.clone();
  }

  @Override
  public byte[] blob() {
    return blob.clone();
  }

  /** Parses one {@code authorized_keys}-style line: {@code type base64 [comment]}. */
  public static SshPublicKey parse(String line) {
    if (line == null || line.isBlank()) {
      throw new IllegalArgumentException("the public key is empty");
    }
    if (line.length() > MAX_LINE_LENGTH) {
      throw new IllegalArgumentException("the public key is too long");
    }
    String[] parts = line.strip().split("\\s+", 3);
    if (parts.length < 2) {
      throw new IllegalArgumentException(
          "the public key is not an OpenSSH line (expected \"type base64 [comment]\")");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the public key's base64 part is invalid");
    }
    SshPublicKey key = fromBlob(blob);
    if (!key.algorithm.equals(parts[0])) {
      throw new IllegalArgumentException(
          "the public key line says " + parts[0] + " but the key is " + key.algorithm);
    }
    return key;
  }

  /** Parses a wire-form key blob. */
  public static SshPublicKey fromBlob(byte[] blob) {
    String type;
    try {
      type = new SshReader(blob).utf8();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the public key blob is truncated");
    }
    if (type.contains("-cert-")) {
      throw new IllegalArgumentException("a certificate is not a plain public key: " + type);
    }
    switch (type) {
      case "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa" -> {}
      default ->
          throw new IllegalArgumentException(
              "unsupported key type "
                  + printable(type)
                  + " (supported: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa)");
    }
    if (type.equals("ssh-ed25519")) {
      // Read as OpenSSH reads it; see Ed25519Encodings for what is checked and why.
      SshReader reader = new SshReader(blob);
      try {
        reader.utf8();
        byte[] key = reader.string();
        reader.requireEnd("the key");
        if (!Ed25519Encodings.acceptable(key)) {
          throw new IllegalArgumentException("not an acceptable key");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the ssh-ed25519 public key is invalid");
      }
      return new SshPublicKey(type, blob);
    }
    try {
      // Bouncy Castle decodes the whole blob: EC points are checked to lie on their curve, and
      // trailing bytes are refused.
      AsymmetricKeyParameter parameter = OpenSSHPublicKeyUtil.parsePublicKey(blob);
      if (parameter instanceof RSAKeyParameters rsa
          && (rsa.getModulus().bitLength() < 1024 || !rsa.getExponent().testBit(0))) {
        throw new IllegalArgumentException("the RSA public key is invalid");
      }
    } catch (RuntimeException e) {
      // Bouncy Castle signals a bad blob in several ways (even a NullPointerException for an
      // unknown curve name); all are the same refusal.
      throw new IllegalArgumentException("the " + type + " public key is invalid");
    }
    return new SshPublicKey(type, blob);
  }

  /**
   * The key's kind as profiles name it: {@code ed25519}, {@code ecdsa-p256}, {@code ecdsa-p384},
   * {@code ecdsa-p521} or {@code rsa}.
   */
  public String kind() {
    return switch (algorithm) {
      case "ssh-ed25519" -> "ed25519";
      case "ecdsa-sha2-nistp256" -> "ecdsa-p256";
      case "ecdsa-sha2-nistp384" -> "ecdsa-p384";
      case "ecdsa-sha2-nistp521" -> "ecdsa-p521";
      default -> "rsa";
    };
  }

  /** The key size in bits (the RSA modulus, the curve size, 256 for Ed25519). */
  public int bits() {
    return switch (algorithm) {
      case "ssh-ed25519", "ecdsa-sha2-nistp256" -> 256;
      case "ecdsa-sha2-nistp384" -> 384;
      case "ecdsa-sha2-nistp521" -> 521;
      default -> {
        SshReader r = new SshReader(blob);
        r.string();
        r.mpint();
        yield r.mpint().bitLength();
      }
    };
  }

  /** The certificate type that certifies a key of this algorithm. */
  public String certificateType() {
    return algorithm + "-cert-v01@openssh.com";
  }

  /** {@code SHA256:<unpadded base64>}, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code authorized_keys} line: {@code type base64}, and the comment when given. */
  public String line(String comment) {
    String line = algorithm + " " + Base64.getEncoder().encodeToString(blob);
    return comment == null || comment.isBlank() ? line : line + " " + comment;
  }

  /** The fields after the type name: what a certificate of this key carries after its nonce. */
  byte[] fieldsAfterType() {
    int skip = 4 + algorithm.getBytes(StandardCharsets.UTF_8).length;
    return Arrays.copyOfRange(blob, skip, blob.length);
  }

  private static String printable(String type) {
    String t = type.length() > 64 ? type.substring(0, 64) + "..." : type;
    return t.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? t : "(unprintable)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshPublicKey k
        && algorithm.equals(k.algorithm)
        && Arrays.equals(blob, k.blob);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return "SshPublicKey[" + algorithm + " " + fingerprint() + "]";
  }
}
