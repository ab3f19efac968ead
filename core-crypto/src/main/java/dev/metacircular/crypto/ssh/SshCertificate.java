package dev.metacircular.crypto.ssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An OpenSSH certificate ({@code *-cert-v01@openssh.com}, PROTOCOL.certkeys): the certified key,
 * serial, type, key id, principals, validity, critical options and extensions, signed by a CA key.
 * {@link #signWith} encodes and signs; {@link #parse} reads one back (for tests and records) and
 * checks its signature. Options and extensions are written in name order, each value as a string
 * holding a string when not empty, as OpenSSH does.
 *
 * @param key the certified (plain) public key
 * @param nonce the CA's random nonce (16 or 32 bytes)
 * @param serial the serial number: 64 bits, unsigned
 * @param type {@link #USER} or {@link #HOST}
 * @param keyId free text identifying the holder, logged by sshd
 * @param principals user or host names; never empty here (empty would mean "any principal")
 * @param validAfter seconds since the epoch
 * @param validBefore seconds since the epoch, exclusive
 * @param criticalOptions name → value (empty value for flags)
 * @param extensions name → value (empty value for flags)
 */
public record SshCertificate(
    SshPublicKey key,
    byte[] nonce,
    long serial,
    int type,
    String keyId,
    List<String> principals,
    long validAfter,
    long validBefore,
    SortedMap<String, String> criticalOptions,
    SortedMap<String, String> extensions) {

  public static final int USER = 1;
  public static final int HOST = 2;

  public SshCertificate {
    Objects.requireNonNull(key, "key");
    nonce = nonce.clone();
    if (type != USER && type != HOST) {
      throw new IllegalArgumentException("type must be 1 (user) or 2 (host)");
    }
    Objects.requireNonNull(keyId, "keyId");
    principals = List.copyOf(principals);
    if (principals.isEmpty()) {
      throw new IllegalArgumentException("a certificate must name at least one principal");
    }
    if (Long.compareUnsigned(validAfter, validBefore) >= 0) {
      throw new IllegalArgumentException("validAfter must be before validBefore");
    }
    criticalOptions = Collections.unmodifiableSortedMap(new TreeMap<>(criticalOptions));
    extensions = Collections.unmodifiableSortedMap(new TreeMap<>(extensions));
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /** The body a CA signs: every field up to and including the CA's public key. */
  public byte[] body(SshPublicKey caKey) {
    SshWriter out = new SshWriter(512);
    out.string(key.certificateType());
    out.string(nonce);
    out.raw(key.fieldsAfterType());
    out.u64(serial);
    out.u32(type);
    out.string(keyId);
    SshWriter names = new SshWriter();
    for (String p : principals) {
      names.string(p);
    }
    out.string(names.toByteArray());
    out.u64(validAfter);
    out.u64(validBefore);
    out.string(options(criticalOptions));
    out.string(options(extensions));
    out.string(new byte[0]);
    out.string(caKey.blob());
    return out.toByteArray();
  }

  /** The signed certificate's wire form (what the base64 of a {@code -cert.pub} line holds). */
  public byte[] signWith(SshSigningKey ca) {
    byte[] body = body(ca.publicKey());
    return new SshWriter(body.length + 128).raw(body).string(ca.sign(body)).toByteArray();
  }

  /** The {@code -cert.pub} line of a signed certificate blob. */
  public static String line(byte[] signed, String comment) {
    String type = new SshReader(signed).utf8();
    String line = type + " " + Base64.getEncoder().encodeToString(signed);
    return comment == null || comment.isBlank() ? line : line + " " + comment;
  }

  private static byte[] options(SortedMap<String, String> options) {
    SshWriter out = new SshWriter();
    for (Map.Entry<String, String> e : options.entrySet()) {
      out.string(e.getKey());
      out.string(
          e.getValue().isEmpty()
              ? new byte[0]
              : new SshWriter().string(e.getValue()).toByteArray());
    }
    return out.toByteArray();
  }

  /** A certificate read back by {@link #parse}: its fields, the CA key, and the signed body. */
  public record Parsed(SshCertificate certificate, SshPublicKey caKey, boolean signatureValid) {}

  /** Reads a signed certificate blob; {@link IllegalArgumentException} when malformed. */
  public static Parsed parse(byte[] signed) {
    SshReader r = new SshReader(signed);
    String certType = r.utf8();
    if (!certType.endsWith("-cert-v01@openssh.com")) {
      throw new IllegalArgumentException("not an OpenSSH certificate: " + certType);
    }
    String keyType = certType.substring(0, certType.length() - "-cert-v01@openssh.com".length());
    byte[] nonce = r.string();
    SshWriter keyBlob = new SshWriter().string(keyType);
    switch (keyType) {
      case "ssh-ed25519" -> keyBlob.string(r.string());
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" ->
          keyBlob.string(r.string()).string(r.string());
      case "ssh-rsa" -> keyBlob.mpint(r.mpint()).mpint(r.mpint());
      default -> throw new IllegalArgumentException("unsupported certificate type " + certType);
    }
    SshPublicKey key = SshPublicKey.fromBlob(keyBlob.toByteArray());
    long serial = r.u64();
    int type = (int) r.u32();
    String keyId = r.utf8();
    List<String> principals = new ArrayList<>();
    SshReader names = new SshReader(r.string());
    while (names.hasRemaining()) {
      principals.add(names.utf8());
    }
    long validAfter = r.u64();
    long validBefore = r.u64();
    SortedMap<String, String> critical = readOptions(r.string());
    SortedMap<String, String> extensions = readOptions(r.string());
    r.string();
    SshPublicKey caKey = SshPublicKey.fromBlob(r.string());
    int bodyEnd = r.position();
    byte[] signature = r.string();
    r.requireEnd("certificate");
    byte[] body = java.util.Arrays.copyOf(signed, bodyEnd);
    SshCertificate cert =
        new SshCertificate(
            key,
            nonce,
            serial,
            type,
            keyId,
            principals,
            validAfter,
            validBefore,
            critical,
            extensions);
    return new Parsed(cert, caKey, SshSigningKey.verify(caKey, body, signature));
  }

  private static SortedMap<String, String> readOptions(byte[] data) {
    SortedMap<String, String> out = new TreeMap<>();
    SshReader r = new SshReader(data);
    while (r.hasRemaining()) {
      String name = r.utf8();
      byte[] value = r.string();
      out.put(
          name,
          value.length == 0
              ? ""
              : new String(new SshReader(value).string(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshCertificate c
        && key.equals(c.key)
        && java.util.Arrays.equals(nonce, c.nonce)
        && serial == c.serial
        && type == c.type
        && keyId.equals(c.keyId)
        && principals.equals(c.principals)
        && validAfter == c.validAfter
        && validBefore == c.validBefore
        && criticalOptions.equals(c.criticalOptions)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, serial, keyId, principals);
  }
}
