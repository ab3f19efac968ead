package dev.metacircular.domain.engine.sshca;

import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.ports.ssh.in.SshProfile;
import dev.metacircular.ports.ssh.in.SshTtl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A profile's stored form ({@link TreeCodec}) at {@code profiles/<name>}. */
final class ProfileRecords {
  private ProfileRecords() {}

  static byte[] encode(SshProfile p) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", p.name());
    tree.put("cert_type", p.certType());
    tree.put("allowed_principals", p.allowedPrincipals());
    tree.put("default_ttl", p.defaultTtl().seconds());
    tree.put("max_ttl", p.maxTtl().seconds());
    tree.put("extensions", p.extensions());
    tree.put("critical_options", p.criticalOptions());
    tree.put("allowed_key_types", p.allowedKeyTypes());
    tree.put("min_rsa_bits", (long) p.minRsaBits());
    tree.put("allow_user_key_ids", p.allowUserKeyIds());
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  static SshProfile decode(byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    return new SshProfile(
        (String) t.get("name"),
        (String) t.get("cert_type"),
        (List<String>) t.get("allowed_principals"),
        new SshTtl((Long) t.get("default_ttl")),
        new SshTtl((Long) t.get("max_ttl")),
        (Map<String, String>) t.get("extensions"),
        (Map<String, String>) t.get("critical_options"),
        (List<String>) t.get("allowed_key_types"),
        ((Long) t.get("min_rsa_bits")).intValue(),
        (Boolean) t.get("allow_user_key_ids"));
  }
}
