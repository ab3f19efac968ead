package dev.metacircular.domain.engine.transit;

import dev.metacircular.crypto.keyset.KeysetKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a transit key, one value per key at {@code keys/<name>} in the mount's barrier
 * storage. A small binary format of our own (the core has no JSON library), big-endian:
 *
 * <pre>
 * u8   format            1
 * u8   type code         see TransitKeyType (1 aes256-gcm ... 5 hmac)
 * u8   flags             bit 0 exportable, bit 1 deletion_allowed; other bits zero
 * i32  min_decryption_version   1..count
 * i32  count             number of versions, at least 1; versions are 1..count in order
 * count times:
 *   i64  created_at, epoch seconds
 *   i32  created_at, nanoseconds (0..999 999 999)
 *   i32  length of the keyset, at least 1
 *   ...  the version's keyset, Tink binary format, secret key in the clear
 * </pre>
 *
 * <p>The value holds every version's secret key in the clear: it is safe only because the barrier
 * encrypts it with the mount's key and binds it to its path. Encoding sizes the array exactly and
 * wipes each version's keyset copy, so no stray copy of the secret stays behind; callers wipe the
 * encoded array once stored. A value that does not follow the format is an internal failure ({@code
 * IllegalStateException}), never a client error: the barrier has already authenticated it.
 */
final class KeyRecords {

  static final int FORMAT = 1;

  private static final int EXPORTABLE = 1;
  private static final int DELETION_ALLOWED = 2;
  private static final int HEADER = 1 + 1 + 1 + 4 + 4;
  private static final int PER_VERSION = 8 + 4 + 4;

  private KeyRecords() {}

  static byte[] encode(TransitKey key) {
    List<KeyVersion> versions = key.versions();
    byte[][] keysets = new byte[versions.size()][];
    try {
      int size = HEADER;
      for (int i = 0; i < keysets.length; i++) {
        keysets[i] = versions.get(i).key().serializeCleartext();
        size += PER_VERSION + keysets[i].length;
      }
      ByteBuffer out = ByteBuffer.allocate(size);
      out.put((byte) FORMAT);
      out.put((byte) key.type().code());
      out.put(
          (byte)
              ((key.exportable() ? EXPORTABLE : 0)
                  | (key.deletionAllowed() ? DELETION_ALLOWED : 0)));
      out.putInt(key.minDecryptionVersion());
      out.putInt(versions.size());
      for (int i = 0; i < keysets.length; i++) {
        Instant created = versions.get(i).createdAt();
        out.putLong(created.getEpochSecond());
        out.putInt(created.getNano());
        out.putInt(keysets[i].length);
        out.put(keysets[i]);
      }
      return out.array();
    } finally {
      for (byte[] k : keysets) {
        if (k != null) {
          Arrays.fill(k, (byte) 0);
        }
      }
    }
  }

  /**
   * The key stored as {@code bytes} under {@code name}, with every version parsed. The caller keeps
   * (and wipes) {@code bytes}.
   */
  static TransitKey decode(String name, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.get() != FORMAT) {
        throw corrupt(name);
      }
      TransitKeyType type = TransitKeyType.fromCode(in.get());
      int flags = in.get();
      int min = in.getInt();
      int count = in.getInt();
      if (type == null
          || (flags & ~(EXPORTABLE | DELETION_ALLOWED)) != 0
          || count < 1
          || count > in.remaining() / (PER_VERSION + 1)
          || min < 1
          || min > count) {
        throw corrupt(name);
      }
      List<KeyVersion> versions = new ArrayList<>(count);
      for (int v = 1; v <= count; v++) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        int length = in.getInt();
        if (nanos < 0 || nanos > 999_999_999 || length < 1 || length > in.remaining()) {
          throw corrupt(name);
        }
        byte[] keyset = new byte[length];
        in.get(keyset);
        try {
          versions.add(
              new KeyVersion(
                  v,
                  Instant.ofEpochSecond(seconds, nanos),
                  KeysetKey.parse(type.keyType(), keyset)));
        } finally {
          Arrays.fill(keyset, (byte) 0);
        }
      }
      if (in.hasRemaining()) {
        throw corrupt(name);
      }
      return new TransitKey(
          name, type, (flags & EXPORTABLE) != 0, (flags & DELETION_ALLOWED) != 0, min, versions);
    } catch (BufferUnderflowException | DateTimeException | IllegalArgumentException e) {
      throw corrupt(name);
    }
  }

  private static IllegalStateException corrupt(String name) {
    return new IllegalStateException("stored transit key " + name + " is corrupt");
  }
}
