package dev.metacircular.crypto.ssh;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes an OpenSSH key revocation list (PROTOCOL.krl, format version 1) for one CA: revoked
 * certificate serials — runs as ranges, dense clusters as bitmaps, the rest as a list, whichever is
 * smallest, as {@code ssh-keygen -k} chooses — and revoked key ids, optionally followed by a
 * signature section made with the CA key.
 *
 * <p>OpenSSH 9.4 and later refuse to load a KRL that carries a signature section (PROTOCOL.krl
 * section 6); older ones verify it. {@link #sign} appends the section to a complete unsigned KRL,
 * so the unsigned form is always a prefix of the signed one.
 */
public final class SshKrl {

  static final long MAGIC = 0x5353484b524c0a00L;
  static final int FORMAT_VERSION = 1;
  static final int SECTION_CERTIFICATES = 1;
  static final int SECTION_SIGNATURE = 4;
  static final int CERT_SERIAL_LIST = 0x20;
  static final int CERT_SERIAL_RANGE = 0x21;
  static final int CERT_SERIAL_BITMAP = 0x22;
  static final int CERT_KEY_ID = 0x23;

  /** Widest gap between serials still worth one bitmap (in bits). */
  private static final long BITMAP_GAP = 64;

  private SshKrl() {}

  /**
   * The unsigned KRL revoking {@code serials} (unsigned 64-bit values; 0 is not a serial) and
   * {@code keyIds} of certificates signed by {@code caKey}.
   *
   * @param version increases on every change
   * @param generatedAt seconds since the epoch
   */
  public static byte[] build(
      SshPublicKey caKey,
      Collection<Long> serials,
      Collection<String> keyIds,
      long version,
      long generatedAt,
      String comment) {
    Objects.requireNonNull(caKey, "caKey");
    TreeSet<Long> sorted = new TreeSet<>(Long::compareUnsigned);
    sorted.addAll(serials);
    sorted.remove(0L);
    SshWriter out = new SshWriter(64 + sorted.size() * 8);
    out.u64(MAGIC).u32(FORMAT_VERSION).u64(version).u64(generatedAt).u64(0);
    out.string(new byte[0]).string(comment == null ? "" : comment);
    if (sorted.isEmpty() && keyIds.isEmpty()) {
      return out.toByteArray();
    }
    SshWriter section = new SshWriter(32 + sorted.size() * 8);
    section.string(caKey.blob()).string(new byte[0]);
    serialSections(new ArrayList<>(sorted), section);
    if (!keyIds.isEmpty()) {
      SshWriter ids = new SshWriter();
      for (String id : new TreeSet<>(keyIds)) {
        ids.string(id);
      }
      section.u8(CERT_KEY_ID).string(ids.toByteArray());
    }
    out.u8(SECTION_CERTIFICATES).string(section.toByteArray());
    return out.toByteArray();
  }

  /** {@code unsigned} followed by a signature section made with {@code ca}. */
  public static byte[] sign(byte[] unsigned, SshSigningKey ca) {
    byte[] signedPart =
        new SshWriter(unsigned.length + 128)
            .raw(unsigned)
            .u8(SECTION_SIGNATURE)
            .string(ca.publicKey().blob())
            .toByteArray();
    return new SshWriter(signedPart.length + 128)
        .raw(signedPart)
        .string(ca.sign(signedPart))
        .toByteArray();
  }

  private static void serialSections(List<Long> serials, SshWriter section) {
    SshWriter list = new SshWriter(serials.size() * 8);
    int i = 0;
    while (i < serials.size()) {
      // A cluster: serials whose gaps are at most BITMAP_GAP.
      int j = i;
      while (j + 1 < serials.size()
          && Long.compareUnsigned(serials.get(j + 1) - serials.get(j), BITMAP_GAP) <= 0) {
        j++;
      }
      int count = j - i + 1;
      long low = serials.get(i);
      long span = serials.get(j) - low + 1; // at most count * BITMAP_GAP: no overflow
      if (count >= 3 && span == count) {
        section
            .u8(CERT_SERIAL_RANGE)
            .string(new SshWriter(16).u64(low).u64(serials.get(j)).toByteArray());
      } else if (count >= 3 && bitmapCost(span) < 8L * count) {
        BigInteger bits = BigInteger.ZERO;
        for (int k = i; k <= j; k++) {
          bits = bits.setBit((int) (serials.get(k) - low));
        }
        section.u8(CERT_SERIAL_BITMAP).string(new SshWriter().u64(low).mpint(bits).toByteArray());
      } else {
        for (int k = i; k <= j; k++) {
          list.u64(serials.get(k));
        }
      }
      i = j + 1;
    }
    if (list.size() > 0) {
      section.u8(CERT_SERIAL_LIST).string(list.toByteArray());
    }
  }

  /** Bytes a bitmap section of {@code span} bits costs beyond its section header. */
  private static long bitmapCost(long span) {
    return 8 + 4 + span / 8 + 2 + 5;
  }
}
