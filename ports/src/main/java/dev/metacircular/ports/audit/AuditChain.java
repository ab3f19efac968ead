package dev.metacircular.ports.audit;

import dev.metacircular.ports.audit.out.AuditLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit log's hash chain: the one definition every {@link AuditLog} writes and every verifier
 * checks. Each entry stores the hash of the entry appended before it and its own hash,
 *
 * <pre>
 * hash(n) = SHA-256( "metacircular-audit-chain-v1" || hash(n-1) || canonical(entry n) )
 * </pre>
 *
 * with {@link #genesis()} (32 zero bytes) before the first entry. The canonical encoding covers
 * every field: id, time (whole milliseconds, the stored precision), type, actor, subject, source
 * address and the details sorted by name, each string as a 4-byte big-endian length and its UTF-8
 * bytes, so no two different entries encode alike. Editing any field of a stored entry, deleting
 * one or reordering them breaks the chain at that entry or the one after it.
 *
 * <p>What a plain hash chain cannot show: someone with write access who rewrites an entry
 * <em>and</em> recomputes every hash after it, or who deletes the newest entries. Anchoring the
 * head (keeping {@code headId}/{@code headHash} of a verification somewhere else and passing it
 * back as an {@link Anchor}) detects both up to the anchored entry.
 */
public final class AuditChain {

  /** Bytes of a hash. */
  public static final int HASH_LENGTH = 32;

  private static final byte[] DOMAIN =
      "metacircular-audit-chain-v1".getBytes(StandardCharsets.US_ASCII);

  private AuditChain() {}

  /** The hash "before" the first entry. */
  public static byte[] genesis() {
    return new byte[HASH_LENGTH];
  }

  /** The hash of {@code event} (with its assigned id) chained after {@code previous}. */
  public static byte[] link(byte[] previous, AuditEvent event) {
    if (previous == null || previous.length != HASH_LENGTH) {
      throw new IllegalArgumentException("previous hash must be " + HASH_LENGTH + " bytes");
    }
    MessageDigest sha256 = sha256();
    sha256.update(DOMAIN);
    sha256.update(previous);
    sha256.update(canonical(event));
    return sha256.digest();
  }

  /** The canonical bytes of an entry: every field, unambiguously. */
  public static byte[] canonical(AuditEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    writeLong(out, event.id());
    writeLong(out, event.time().toEpochMilli());
    writeString(out, event.type());
    writeString(out, event.actor());
    writeString(out, event.subject());
    writeString(out, event.sourceAddress());
    Map<String, String> details = new TreeMap<>(event.details());
    writeInt(out, details.size());
    for (Map.Entry<String, String> d : details.entrySet()) {
      writeString(out, d.getKey());
      writeString(out, d.getValue());
    }
    return out.toByteArray();
  }

  /** Lower-case hex, or empty for null. */
  public static String hex(byte[] hash) {
    return hash == null ? "" : HexFormat.of().formatHex(hash);
  }

  /**
   * An entry whose hash is known from elsewhere (a previous verification's head, written down or
   * sent off the machine): the chain must reach it with exactly that hash.
   */
  public record Anchor(long entryId, String hashHex) {
    public Anchor {
      if (entryId <= 0) {
        throw new IllegalArgumentException("anchor entry id must be positive");
      }
      if (hashHex == null || !hashHex.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException("anchor hash must be 64 hex digits");
      }
      hashHex = hashHex.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks entries fed in append (id) order and stops at the first break. */
  public static final class Verifier {
    private final Anchor anchor;
    private byte[] previous;
    private long previousId;
    private long entries;
    private boolean anchorSeen;
    private ChainVerdict.Broken broken;

    public Verifier() {
      this(null);
    }

    /** A verifier that also requires the chain to pass through {@code anchor} (may be null). */
    public Verifier(Anchor anchor) {
      this.anchor = anchor;
    }

    /** Checks the next entry; false once the chain is broken (later entries are ignored). */
    public boolean accept(ChainedEntry entry) {
      if (broken != null) {
        return false;
      }
      long id = entry.event().id();
      if (entry.unchained()) {
        return fail(
            id,
            "unchained",
            "entry "
                + id
                + " has no hashes: they were removed (the migration that introduced"
                + " the chain hashed every entry that existed then)");
      }
      byte[] stored = entry.hash();
      byte[] claimed = entry.previousHash();
      if (stored == null
          || claimed == null
          || stored.length != HASH_LENGTH
          || claimed.length != HASH_LENGTH) {
        return fail(id, "edited", "entry " + id + " has a malformed hash");
      }
      byte[] expectedPrevious = previous == null ? genesis() : previous;
      if (!MessageDigest.isEqual(claimed, expectedPrevious)) {
        String after = previous == null ? "the start of the chain" : "entry " + previousId;
        return fail(
            id,
            "missing predecessor",
            "entry "
                + id
                + " is not chained to "
                + after
                + ": an entry before it was deleted,"
                + " or "
                + after
                + " was edited");
      }
      if (!MessageDigest.isEqual(stored, link(claimed, entry.event()))) {
        return fail(
            id,
            "edited",
            "entry " + id + " does not match its hash: one of its fields was changed");
      }
      if (anchor != null && anchor.entryId() == id) {
        if (!anchor.hashHex().equals(hex(stored))) {
          return fail(
              id,
              "anchor mismatch",
              "entry "
                  + id
                  + " has hash "
                  + hex(stored)
                  + ", the anchor says "
                  + anchor.hashHex()
                  + ": the log was rewritten up to here");
        }
        anchorSeen = true;
      }
      previous = stored;
      previousId = id;
      entries++;
      return true;
    }

    /** The verdict over everything accepted so far. */
    public ChainVerdict verdict() {
      if (broken != null) {
        return broken;
      }
      if (anchor != null && !anchorSeen) {
        return new ChainVerdict.Broken(
            anchor.entryId(),
            "anchor mismatch",
            "anchored entry "
                + anchor.entryId()
                + " is not in the chain (the newest chained"
                + " entry is "
                + (previous == null ? "none" : Long.toString(previousId))
                + "): entries up to it were deleted",
            entries);
      }
      return new ChainVerdict.Intact(entries, previous == null ? 0 : previousId, hex(previous));
    }

    private boolean fail(long id, String problem, String detail) {
      broken = new ChainVerdict.Broken(id, problem, detail, entries);
      return false;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(v).array());
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
  }
}
