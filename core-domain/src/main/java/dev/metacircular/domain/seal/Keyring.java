package dev.metacircular.domain.seal;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The master encryption key's versions (OpenBao's keyring): every version is kept so older entries
 * stay readable; the active one seals new entries. Copy-on-write: {@link #rotated} returns a new
 * keyring sharing the old keys, so readers never see a half-built one.
 *
 * <p>The keyring is stored sealed under the key-wrapping key at {@link #PATH}; {@link #destroy}
 * wipes every key (on seal). A key's id in the sealed format is its version.
 */
final class Keyring {

  static final String PATH = "core/keyring";
  private static final int FORMAT = 1;

  private final NavigableMap<Integer, SealingKey> keys;
  private final int active;

  private Keyring(NavigableMap<Integer, SealingKey> keys, int active) {
    this.keys = Collections.unmodifiableNavigableMap(keys);
    this.active = active;
  }

  /** A keyring with one fresh random master key, version 1. */
  static Keyring fresh() {
    TreeMap<Integer, SealingKey> keys = new TreeMap<>();
    keys.put(1, SealingKey.generate(1));
    return new Keyring(keys, 1);
  }

  /** This keyring plus a fresh key one version up, which becomes active. */
  Keyring rotated() {
    int version = keys.lastKey() + 1;
    return with(version, SealingKey.generate(version));
  }

  /** This keyring plus {@code key} as {@code version}, which becomes active. */
  Keyring with(int version, SealingKey key) {
    if (version <= keys.lastKey()) {
      throw new IllegalArgumentException("key versions only grow");
    }
    TreeMap<Integer, SealingKey> next = new TreeMap<>(keys);
    next.put(version, key);
    return new Keyring(next, version);
  }

  SealingKey activeKey() {
    return keys.get(active);
  }

  int activeVersion() {
    return active;
  }

  /** The key of {@code version}, or null when this keyring has none. */
  SealingKey key(int version) {
    return keys.get(version);
  }

  List<Integer> versions() {
    return List.copyOf(keys.keySet());
  }

  /** Seals the serialised keyring under {@code kwk}, bound to {@link #PATH}. */
  byte[] wrap(SealingKey kwk) {
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + keys.size() * (4 + SealingKey.KEY_LENGTH));
    out.put((byte) FORMAT).putInt(active).putInt(keys.size());
    for (var e : keys.entrySet()) {
      out.putInt(e.getKey());
      byte[] raw = e.getValue().exportForWrapping();
      out.put(raw);
      Arrays.fill(raw, (byte) 0);
    }
    byte[] plain = out.array();
    try {
      return kwk.seal(plain, Barrier.aad(PATH));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Opens a keyring sealed by {@link #wrap}; {@link IntegrityException} for a wrong key. */
  static Keyring unwrap(byte[] sealed, SealingKey kwk) {
    byte[] plain = kwk.open(sealed, Barrier.aad(PATH));
    try {
      ByteBuffer in = ByteBuffer.wrap(plain);
      if (in.get() != FORMAT) {
        throw new IntegrityException();
      }
      int active = in.getInt();
      int count = in.getInt();
      if (count < 1 || in.remaining() != count * (4 + SealingKey.KEY_LENGTH)) {
        throw new IntegrityException();
      }
      TreeMap<Integer, SealingKey> keys = new TreeMap<>();
      byte[] raw = new byte[SealingKey.KEY_LENGTH];
      try {
        for (int i = 0; i < count; i++) {
          int version = in.getInt();
          in.get(raw);
          try (SecretBytes secret = SecretBytes.copyOf(raw)) {
            keys.put(version, new SealingKey(version, secret));
          }
        }
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
      if (!keys.containsKey(active)) {
        keys.values().forEach(SealingKey::destroy);
        throw new IntegrityException();
      }
      return new Keyring(keys, active);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Wipes every key. Keyrings made by {@link #rotated} share keys: destroy the newest only. */
  void destroy() {
    keys.values().forEach(SealingKey::destroy);
  }

  boolean isDestroyed() {
    return keys.values().stream().allMatch(SealingKey::isDestroyed);
  }

  @Override
  public String toString() {
    return "Keyring[active=" + active + ", versions=" + keys.keySet() + "]";
  }
}
