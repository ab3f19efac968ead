package dev.metacircular.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A secret byte string that can be wiped.
 *
 * <p>The holder never prints its content, compares only in constant time, and hands out copies.
 * {@link #withBytes} lends the internal array to crypto code that must not copy it; callers must
 * not keep or modify it. After {@link #destroy()} the content is zero-filled and every use throws
 * {@link IllegalStateException}. Equality is identity: two holders with the same content are
 * different objects, so a secret never lands in a hash-based collection by value.
 */
public final class SecretBytes implements AutoCloseable {

  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A holder with its own copy of {@code b}; the caller may wipe {@code b} afterwards. */
  public static SecretBytes copyOf(byte[] b) {
    if (b == null) {
      throw new IllegalArgumentException("secret bytes must not be null");
    }
    return new SecretBytes(b.clone());
  }

  /** A holder that takes ownership of {@code b} without copying; the caller must drop it. */
  public static SecretBytes wrap(byte[] b) {
    if (b == null) {
      throw new IllegalArgumentException("secret bytes must not be null");
    }
    return new SecretBytes(b);
  }

  /** {@code length} bytes from the shared {@link SecureRandoms} instance. */
  public static SecretBytes random(int length) {
    return new SecretBytes(SecureRandoms.bytes(length));
  }

  /** A fresh copy of the secret; the caller owns (and should wipe) it. */
  public byte[] copy() {
    checkAlive();
    return bytes.clone();
  }

  public int length() {
    checkAlive();
    return bytes.length;
  }

  /**
   * Lends the internal array to {@code fn} without copying. For crypto code only: {@code fn} must
   * neither keep a reference nor change the content.
   */
  public <T> T withBytes(Function<byte[], T> fn) {
    checkAlive();
    return fn.apply(bytes);
  }

  /** Constant-time content comparison (time depends only on the lengths). */
  public boolean equalsConstantTime(SecretBytes other) {
    if (other == null) {
      return false;
    }
    checkAlive();
    other.checkAlive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zero-fills the content; idempotent. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "SecretBytes[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret destroyed");
    }
  }
}
