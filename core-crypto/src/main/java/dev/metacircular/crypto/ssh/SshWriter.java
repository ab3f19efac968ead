package dev.metacircular.crypto.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Writes the SSH wire types of RFC 4251 section 5 (byte, boolean, uint32, uint64, string, mpint)
 * into a growing buffer: the one encoder of certificates, KRLs and signatures.
 */
public final class SshWriter {
  private final ByteArrayOutputStream out;

  public SshWriter() {
    this(256);
  }

  public SshWriter(int capacity) {
    out = new ByteArrayOutputStream(capacity);
  }

  public SshWriter u8(int value) {
    out.write(value & 0xff);
    return this;
  }

  public SshWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  public SshWriter u32(long value) {
    out.write((int) (value >>> 24) & 0xff);
    out.write((int) (value >>> 16) & 0xff);
    out.write((int) (value >>> 8) & 0xff);
    out.write((int) value & 0xff);
    return this;
  }

  /** An unsigned 64-bit value; Java's {@code long} carries its bits. */
  public SshWriter u64(long value) {
    u32(value >>> 32);
    return u32(value & 0xffffffffL);
  }

  public SshWriter string(byte[] value) {
    u32(value.length);
    out.write(value, 0, value.length);
    return this;
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
    out.write(value, 0, value.length);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
