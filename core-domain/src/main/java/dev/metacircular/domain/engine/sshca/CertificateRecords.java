package dev.metacircular.domain.engine.sshca;

import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.ports.ssh.in.IssuedCertificate;
import dev.metacircular.ports.ssh.in.SerialNumber;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An issued certificate's stored form ({@link TreeCodec}) at {@code certs/<serial>}. */
final class CertificateRecords {
  static final String PREFIX = "certs/";

  private CertificateRecords() {}

  static String path(SerialNumber serial) {
    return PREFIX + serial.text();
  }

  static byte[] encode(IssuedCertificate c) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("serial", c.serialNumber().text());
    tree.put("key_id", c.keyId());
    tree.put("profile", c.profile());
    tree.put("cert_type", c.certType());
    tree.put("requested_by", c.requestedBy());
    tree.put("key_fingerprint", c.keyFingerprint());
    tree.put("principals", c.principals());
    tree.put("issued_at", c.issuedAt().getEpochSecond());
    tree.put("valid_after", c.validAfter().getEpochSecond());
    tree.put("valid_before", c.validBefore().getEpochSecond());
    tree.put("revoked_at", c.revokedAt() == null ? null : c.revokedAt().getEpochSecond());
    tree.put("certificate", c.certificate());
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  static IssuedCertificate decode(byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    Long revokedAt = (Long) t.get("revoked_at");
    return new IssuedCertificate(
        SerialNumber.parse("serial", (String) t.get("serial")),
        (String) t.get("key_id"),
        (String) t.get("profile"),
        (String) t.get("cert_type"),
        (String) t.get("requested_by"),
        (String) t.get("key_fingerprint"),
        (List<String>) t.get("principals"),
        Instant.ofEpochSecond((Long) t.get("issued_at")),
        Instant.ofEpochSecond((Long) t.get("valid_after")),
        Instant.ofEpochSecond((Long) t.get("valid_before")),
        revokedAt != null,
        revokedAt == null ? null : Instant.ofEpochSecond(revokedAt),
        (String) t.get("certificate"));
  }

  /** The same record, revoked at {@code when}. */
  static IssuedCertificate revoked(IssuedCertificate c, Instant when) {
    return new IssuedCertificate(
        c.serialNumber(),
        c.keyId(),
        c.profile(),
        c.certType(),
        c.requestedBy(),
        c.keyFingerprint(),
        c.principals(),
        c.issuedAt(),
        c.validAfter(),
        c.validBefore(),
        true,
        when,
        c.certificate());
  }
}
