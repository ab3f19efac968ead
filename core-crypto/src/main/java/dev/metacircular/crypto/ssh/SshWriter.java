package dev.metacircular.crypto.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes the SSH wire types of RFC 4251 section 5 (byte, boolean, uint32, uint64, string, mpint)
 * into a growing buffer: the one encoder of certificates, KRLs and signatures. Not thread-safe (and
 * unsynchronised, unlike {@code ByteArrayOutputStream}: a KRL writes 800,000 bytes).
 */
public final class SshWriter {
  private byte[] buffer;
  private int size;

  public SshWriter() {
    this(256);
  }

  public SshWriter(int capacity) {
    buffer = new byte[Math.max(16, capacity)];
  }

  private void ensure(int more) {
    if (buffer.length - size < more) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  public SshWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public SshWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  public SshWriter u32(long value) {
    ensure(4);
    buffer[size] = (byte) (value >>> 24);
    buffer[size + 1] = (byte) (value >>> 16);
    buffer[size + 2] = (byte) (value >>> 8);
    buffer[size + 3] = (byte) value;
    size += 4;
    return this;
  }

  /** An unsigned 64-bit value; Java's {@code long} carries its bits. */
  public SshWriter u64(long value) {
    u32(value >>> 32);
    return u32(value & 0xffffffffL);
  }

  public SshWriter string(byte[] value) {
    u32(value.length);
    return raw(value);
  }

  public SshWriter string(String value) {
    return string(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Two's complement, minimal, big-endian; zero is the empty string (RFC 4251). */
  public SshWriter mpint(BigInteger value) {
    return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
  }

  /** Bytes as they are, with no length. */
  public SshWriter raw(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return java.util.Arrays.copyOf(buffer, size);
  }
}
