package dev.metacircular.ports.webauthn;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebAuthn authenticator in software, for tests: an EC P-256 key from the JDK, attestation {@code
 * none}, and the browser's part (client data JSON). It answers the JSON options the core hands out
 * with the JSON a browser would send back ({@code PublicKeyCredential.toJSON()} form).
 */
public final class SoftwareAuthenticator {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern CHALLENGE = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern USER_ID =
      Pattern.compile("\"user\"\\s*:\\s*\\{[^}]*\"id\"\\s*:\\s*\"([^\"]+)\"");

  private final byte[] credentialId;
  private final KeyPair key;
  private final String rpId;
  private byte[] userHandle;
  private int counter;

  public SoftwareAuthenticator(String rpId) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    this.key = g.generateKeyPair();
    this.rpId = rpId;
    this.credentialId = new byte[32];
    new java.security.SecureRandom().nextBytes(credentialId);
  }

  /** Answers {@code navigator.credentials.create()} options as {@code origin}. */
  public String register(String optionsJson, String origin) throws Exception {
    userHandle = Base64.getUrlDecoder().decode(find(USER_ID, optionsJson));
    byte[] clientData = clientData("webauthn.create", find(CHALLENGE, optionsJson), origin);
    ByteArrayOutputStream authData = new ByteArrayOutputStream();
    authData.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
    authData.write(0x45); // user present, user verified, attested credential data
    authData.write(ByteBuffer.allocate(4).putInt(counter).array());
    authData.write(new byte[16]); // AAGUID: none
    authData.write(credentialId.length >> 8);
    authData.write(credentialId.length & 0xff);
    authData.write(credentialId);
    authData.write(coseKey());
    Cbor att =
        new Cbor()
            .map(3)
            .text("fmt")
            .text("none")
            .text("attStmt")
            .map(0)
            .text("authData")
            .bytes(authData.toByteArray());
    String id = B64.encodeToString(credentialId);
    return "{\"id\":\""
        + id
        + "\",\"rawId\":\""
        + id
        + "\",\"type\":\"public-key\","
        + "\"response\":{\"clientDataJSON\":\""
        + B64.encodeToString(clientData)
        + "\","
        + "\"attestationObject\":\""
        + B64.encodeToString(att.toBytes())
        + "\"},"
        + "\"clientExtensionResults\":{}}";
  }

  /** Answers {@code navigator.credentials.get()} options as {@code origin}, counter + 1. */
  public String assert_(String optionsJson, String origin) throws Exception {
    counter++;
    return assertWithCounter(optionsJson, origin, counter);
  }

  public String assertWithCounter(String optionsJson, String origin, int count) throws Exception {
    byte[] clientData = clientData("webauthn.get", find(CHALLENGE, optionsJson), origin);
    ByteArrayOutputStream authData = new ByteArrayOutputStream();
    authData.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
    authData.write(0x05); // user present, user verified
    authData.write(ByteBuffer.allocate(4).putInt(count).array());
    byte[] ad = authData.toByteArray();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key.getPrivate());
    s.update(ad);
    s.update(sha256(clientData));
    String id = B64.encodeToString(credentialId);
    return "{\"id\":\""
        + id
        + "\",\"rawId\":\""
        + id
        + "\",\"type\":\"public-key\","
        + "\"response\":{\"clientDataJSON\":\""
        + B64.encodeToString(clientData)
        + "\","
        + "\"authenticatorData\":\""
        + B64.encodeToString(ad)
        + "\","
        + "\"signature\":\""
        + B64.encodeToString(s.sign())
        + "\","
        + "\"userHandle\":\""
        + B64.encodeToString(userHandle)
        + "\"},"
        + "\"clientExtensionResults\":{}}";
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    return ("{\"type\":\""
            + type
            + "\",\"challenge\":\""
            + challenge
            + "\",\"origin\":\""
            + origin
            + "\",\"crossOrigin\":false}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] coseKey() {
    ECPublicKey pub = (ECPublicKey) key.getPublic();
    return new Cbor()
        .map(5)
        .integer(1)
        .integer(2) // kty: EC2
        .integer(3)
        .integer(-7) // alg: ES256
        .integer(-1)
        .integer(1) // crv: P-256
        .integer(-2)
        .bytes(unsigned32(pub.getW().getAffineX()))
        .integer(-3)
        .bytes(unsigned32(pub.getW().getAffineY()))
        .toBytes();
  }

  private static byte[] unsigned32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] sha256(byte[] b) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static String find(Pattern p, String json) {
    Matcher m = p.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("options lack " + p);
    }
    return m.group(1);
  }

  /** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
  static final class Cbor {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Cbor head(int major, long n) {
      if (n < 24) {
        out.write((major << 5) | (int) n);
      } else if (n < 256) {
        out.write((major << 5) | 24);
        out.write((int) n);
      } else {
        out.write((major << 5) | 25);
        out.write((int) (n >> 8));
        out.write((int) n & 0xff);
      }
      return this;
    }

    Cbor integer(long v) {
      return v >= 0 ? head(0, v) : head(1, -1 - v);
    }

    Cbor bytes(byte[] b) {
      head(2, b.length);
      out.writeBytes(b);
      return this;
    }

    Cbor text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      head(3, b.length);
      out.writeBytes(b);
      return this;
    }

    Cbor map(int entries) {
      return head(5, entries);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
