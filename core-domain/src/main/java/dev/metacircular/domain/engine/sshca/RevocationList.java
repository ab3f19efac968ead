package dev.metacircular.domain.engine.sshca;

import dev.metacircular.crypto.ssh.SshKrl;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.domain.codec.TreeCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the KRL revokes (serials and key ids), its version and generation time — stored at {@code
 * krl/state} — and the KRL built from it, held ready so the public {@code get-krl} does no work.
 * Immutable: a revocation makes a new one ({@link #with}), which the engine stores and publishes
 * together.
 */
final class RevocationList {
  static final String PATH = "krl/state";

  final long version;
  final Instant generatedAt;
  final TreeSet<Long> serials;
  final TreeSet<String> keyIds;
  private final byte[] signed;
  private final int unsignedLength;

  private RevocationList(
      long version,
      Instant generatedAt,
      TreeSet<Long> serials,
      TreeSet<String> keyIds,
      SshSigningKey ca) {
    this.version = version;
    this.generatedAt = generatedAt;
    this.serials = serials;
    this.keyIds = keyIds;
    byte[] unsigned =
        SshKrl.build(
            ca.publicKey(), serials, keyIds, version, generatedAt.getEpochSecond(), "metacrypt");
    this.unsignedLength = unsigned.length;
    this.signed = SshKrl.sign(unsigned, ca);
  }

  /** The empty list of a new mount: version 1. */
  static RevocationList empty(Instant now, SshSigningKey ca) {
    return new RevocationList(1, now, new TreeSet<>(Long::compareUnsigned), new TreeSet<>(), ca);
  }

  /** This list plus {@code serials} and {@code keyId} (may be null), one version later. */
  RevocationList with(List<Long> more, String keyId, Instant now, SshSigningKey ca) {
    TreeSet<Long> s = new TreeSet<>(Long::compareUnsigned);
    s.addAll(serials);
    s.addAll(more);
    TreeSet<String> ids = new TreeSet<>(keyIds);
    if (keyId != null) {
      ids.add(keyId);
    }
    return new RevocationList(version + 1, now, s, ids, ca);
  }

  byte[] krl(boolean withSignature) {
    return withSignature ? signed.clone() : Arrays.copyOf(signed, unsignedLength);
  }

  byte[] encode() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("version", version);
    tree.put("generated_at", generatedAt.getEpochSecond());
    tree.put("serials", new ArrayList<>(serials));
    tree.put("key_ids", new ArrayList<>(keyIds));
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  static RevocationList decode(byte[] bytes, SshSigningKey ca) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    TreeSet<Long> serials = new TreeSet<>(Long::compareUnsigned);
    serials.addAll((List<Long>) t.get("serials"));
    return new RevocationList(
        (Long) t.get("version"),
        Instant.ofEpochSecond((Long) t.get("generated_at")),
        serials,
        new TreeSet<>((List<String>) t.get("key_ids")),
        ca);
  }
}
