package dev.metacircular.crypto.ssh;

import dev.metacircular.crypto.SecretBytes;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * An SSH CA's private key: makes SSH signatures (RFC 4253/5656/8709 wire form) over certificate
 * bodies and KRLs. Ed25519; ECDSA P-256 (SHA-256) and P-384 (SHA-384) with deterministic nonces
 * (RFC 6979); RSA with {@code rsa-sha2-512}. Generated here, or imported from an OpenSSH ({@code
 * -----BEGIN OPENSSH PRIVATE KEY-----}, unencrypted) or PEM (PKCS#8, traditional RSA or EC) text.
 * Stored as PKCS#8 DER ({@link #pkcs8()}), a secret only the barrier may hold.
 *
 * <p>{@link #destroy()} drops the key; Bouncy Castle's key parameters offer no way to wipe their
 * own copies, so the key lives in memory until collected, as transit's keysets do.
 */
public final class SshSigningKey {
  private final SshKeyType type;
  private volatile AsymmetricKeyParameter privateKey;
  private final SshPublicKey publicKey;

  private SshSigningKey(SshKeyType type, AsymmetricKeyParameter privateKey, byte[] publicBlob) {
    this.type = type;
    this.privateKey = privateKey;
    this.publicKey = SshPublicKey.fromBlob(publicBlob);
  }

  /** A new key of {@code type}. RSA takes a second or more: it is 4096 bits. */
  public static SshSigningKey generate(SshKeyType type, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return switch (type) {
      case ED25519 -> {
        Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
        g.init(new Ed25519KeyGenerationParameters(random));
        yield of(g.generateKeyPair().getPrivate());
      }
      case ECDSA_P256, ECDSA_P384 -> {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(curve(type), random));
        yield of(g.generateKeyPair().getPrivate());
      }
      case RSA -> {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 4096, 112));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        yield of(pair.getPrivate());
      }
    };
  }

  /** The key stored by {@link #pkcs8()}. */
  public static SshSigningKey fromPkcs8(byte[] der) {
    try {
      return of(PrivateKeyFactory.createKey(der));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the stored SSH CA key is unreadable");
    }
  }

  /**
   * Imports a private key given as text: OpenSSH's own format (unencrypted) or PEM. Refusals say
   * what is wrong without echoing the key.
   */
  public static SshSigningKey importText(char[] text) {
    String pem = new String(text).strip();
    try {
      if (pem.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")) {
        String body =
            pem.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "")
                .replace("-----END OPENSSH PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] blob = Base64.getDecoder().decode(body);
        return of(OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob));
      }
      if (pem.startsWith("-----BEGIN ") && pem.contains("PRIVATE KEY-----")) {
        if (pem.contains("ENCRYPTED")) {
          throw new IllegalArgumentException(
              "private_key is encrypted; give it unencrypted (it is sealed in the barrier)");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
          Object parsed = parser.readObject();
          PrivateKeyInfo info =
              parsed instanceof PEMKeyPair pair
                  ? pair.getPrivateKeyInfo()
                  : parsed instanceof PrivateKeyInfo i ? i : null;
          if (info == null) {
            throw new IllegalArgumentException("private_key holds no private key");
          }
          return of(PrivateKeyFactory.createKey(info));
        }
      }
    } catch (IllegalStateException e) {
      // Bouncy Castle's word for an encrypted OpenSSH key, or a blob it cannot use.
      String m = String.valueOf(e.getMessage());
      throw new IllegalArgumentException(
          m.contains("encrypted")
              ? "private_key is encrypted; remove the passphrase first (ssh-keygen -p -N '')"
              : "private_key is not a valid OpenSSH private key");
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae
          && String.valueOf(iae.getMessage()).startsWith("private_key")) {
        throw iae;
      }
      throw new IllegalArgumentException("private_key is not a valid OpenSSH or PEM private key");
    }
    throw new IllegalArgumentException(
        "private_key must be an OpenSSH (BEGIN OPENSSH PRIVATE KEY) or PEM private key");
  }

  private static SshSigningKey of(AsymmetricKeyParameter key) {
    if (key == null || !key.isPrivate()) {
      throw new IllegalArgumentException("not a private key");
    }
    AsymmetricKeyParameter pub;
    SshKeyType type;
    if (key instanceof Ed25519PrivateKeyParameters ed) {
      type = SshKeyType.ED25519;
      pub = ed.generatePublicKey();
    } else if (key instanceof ECPrivateKeyParameters ec) {
      ECDomainParameters params = ec.getParameters();
      if (params.getCurve().equals(curve(SshKeyType.ECDSA_P256).getCurve())) {
        type = SshKeyType.ECDSA_P256;
      } else if (params.getCurve().equals(curve(SshKeyType.ECDSA_P384).getCurve())) {
        type = SshKeyType.ECDSA_P384;
      } else {
        throw new IllegalArgumentException("private_key: only ECDSA P-256 and P-384 are supported");
      }
      ECNamedDomainParameters named = curve(type);
      key = new ECPrivateKeyParameters(ec.getD(), named);
      pub = new ECPublicKeyParameters(named.getG().multiply(ec.getD()).normalize(), named);
    } else if (key instanceof RSAPrivateCrtKeyParameters rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException("private_key: RSA keys need 2048 bits or more");
      }
      type = SshKeyType.RSA;
      pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
    } else {
      throw new IllegalArgumentException(
          "private_key: unsupported key type (Ed25519, ECDSA P-256/P-384 or RSA)");
    }
    try {
      return new SshSigningKey(type, key, OpenSSHPublicKeyUtil.encodePublicKey(pub));
    } catch (IOException e) {
      throw new IllegalArgumentException("private_key: its public key cannot be encoded");
    }
  }

  private static ECNamedDomainParameters curve(SshKeyType type) {
    ASN1ObjectIdentifier oid =
        type == SshKeyType.ECDSA_P256
            ? SECObjectIdentifiers.secp256r1
            : SECObjectIdentifiers.secp384r1;
    X9ECParameters x9 = ECNamedCurveTable.getByOID(oid);
    return new ECNamedDomainParameters(oid, x9);
  }

  public SshKeyType type() {
    return type;
  }

  public SshPublicKey publicKey() {
    return publicKey;
  }

  /** The private key as PKCS#8 DER: for the barrier only. */
  public SecretBytes pkcs8() {
    try {
      return SecretBytes.wrap(PrivateKeyInfoFactory.createPrivateKeyInfo(key()).getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("SSH CA key cannot be encoded", e);
    }
  }

  /**
   * An SSH signature blob over {@code data}: {@code string algorithm, string signature}, the form a
   * certificate's and a KRL's signature field holds.
   */
  public byte[] sign(byte[] data) {
    AsymmetricKeyParameter key = key();
    SshWriter out = new SshWriter(128);
    try {
      switch (type) {
        case ED25519 -> {
          Ed25519Signer signer = new Ed25519Signer();
          signer.init(true, key);
          signer.update(data, 0, data.length);
          out.string("ssh-ed25519").string(signer.generateSignature());
        }
        case ECDSA_P256, ECDSA_P384 -> {
          Digest digest = type == SshKeyType.ECDSA_P256 ? new SHA256Digest() : new SHA384Digest();
          byte[] hash = digest(digest, data);
          ECDSASigner signer =
              new ECDSASigner(
                  new HMacDSAKCalculator(
                      type == SshKeyType.ECDSA_P256 ? new SHA256Digest() : new SHA384Digest()));
          signer.init(true, key);
          BigInteger[] rs = signer.generateSignature(hash);
          byte[] inner = new SshWriter(110).mpint(rs[0]).mpint(rs[1]).toByteArray();
          out.string(publicKey.algorithm()).string(inner);
        }
        case RSA -> {
          RSADigestSigner signer = new RSADigestSigner(new SHA512Digest());
          signer.init(true, key);
          signer.update(data, 0, data.length);
          out.string("rsa-sha2-512").string(signer.generateSignature());
        }
      }
    } catch (CryptoException e) {
      throw new IllegalStateException("SSH signature failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Whether {@code signature} (an SSH signature blob) is {@code key}'s signature over {@code data}.
   * Never throws for a malformed signature.
   */
  public static boolean verify(SshPublicKey key, byte[] data, byte[] signature) {
    try {
      SshReader r = new SshReader(signature);
      String algorithm = r.utf8();
      byte[] sig = r.string();
      r.requireEnd("signature");
      AsymmetricKeyParameter pub = OpenSSHPublicKeyUtil.parsePublicKey(key.blob());
      if (pub instanceof Ed25519PublicKeyParameters) {
        if (!algorithm.equals("ssh-ed25519")) {
          return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, pub);
        v.update(data, 0, data.length);
        return v.verifySignature(sig);
      }
      if (pub instanceof ECPublicKeyParameters ec) {
        if (!algorithm.equals(key.algorithm())) {
          return false;
        }
        Digest digest =
            switch (key.algorithm()) {
              case "ecdsa-sha2-nistp256" -> new SHA256Digest();
              case "ecdsa-sha2-nistp384" -> new SHA384Digest();
              default -> new SHA512Digest();
            };
        SshReader inner = new SshReader(sig);
        BigInteger rr = inner.mpint();
        BigInteger ss = inner.mpint();
        ECDSASigner v = new ECDSASigner();
        v.init(false, ec);
        return v.verifySignature(digest(digest, data), rr, ss);
      }
      if (pub instanceof RSAKeyParameters) {
        Digest digest =
            switch (algorithm) {
              case "rsa-sha2-512" -> new SHA512Digest();
              case "rsa-sha2-256" -> new SHA256Digest();
              default -> null;
            };
        if (digest == null) {
          return false;
        }
        RSADigestSigner v = new RSADigestSigner(digest);
        v.init(false, pub);
        v.update(data, 0, data.length);
        return v.verifySignature(sig);
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] digest(Digest digest, byte[] data) {
    digest.update(data, 0, data.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  private AsymmetricKeyParameter key() {
    AsymmetricKeyParameter key = privateKey;
    if (key == null) {
      throw new IllegalStateException("SSH CA key is destroyed");
    }
    return key;
  }

  /** Drops the key; later signatures throw {@code IllegalStateException}. */
  public void destroy() {
    privateKey = null;
  }

  @Override
  public String toString() {
    return "SshSigningKey[" + type.wireName() + " " + publicKey.fingerprint() + "]";
  }
}
