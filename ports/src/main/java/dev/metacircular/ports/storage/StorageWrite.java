package dev.metacircular.ports.storage;

import java.util.Objects;

/** One write of a {@code PhysicalStorage.apply} batch. */
public sealed interface StorageWrite {

  String key();

  /** Insert or replace. The value is copied, so the caller may reuse its array. */
  record Put(String key, byte[] value) implements StorageWrite {
    public Put {
      StorageKeys.requireValid(key);
      value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && p.key.equals(key) && java.util.Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Put[" + key + ", " + value.length + " bytes]";
    }
  }

  /** Remove, if present. */
  record Delete(String key) implements StorageWrite {
    public Delete {
      StorageKeys.requireValid(key);
    }
  }

  static StorageWrite put(String key, byte[] value) {
    return new Put(key, value);
  }

  static StorageWrite delete(String key) {
    return new Delete(key);
  }
}
