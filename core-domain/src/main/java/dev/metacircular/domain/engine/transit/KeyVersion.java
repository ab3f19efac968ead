package dev.metacircular.domain.engine.transit;

import dev.metacircular.crypto.keyset.KeysetKey;
import dev.metacircular.ports.transit.in.TransitValue;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a transit key: its number (from 1), when it was created, and its parsed key with
 * the ready primitive. {@code prefix} is {@code metacrypt:v<number>:}, built once so the hot path
 * only concatenates.
 */
record KeyVersion(int number, Instant createdAt, KeysetKey key, String prefix) {

  KeyVersion {
    if (number < 1) {
      throw new IllegalArgumentException("key versions start at 1");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(prefix, "prefix");
  }

  KeyVersion(int number, Instant createdAt, KeysetKey key) {
    this(number, createdAt, key, TransitValue.prefix(number));
  }
}
