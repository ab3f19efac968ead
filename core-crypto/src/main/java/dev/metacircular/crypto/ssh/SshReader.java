package dev.metacircular.crypto.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the SSH wire types of RFC 4251 section 5 from a byte array, refusing truncated or oversized
 * values with {@link IllegalArgumentException} ("truncated ..."), never reading past the end.
 */
public final class SshReader {
  private final byte[] data;
  private int position;

  public SshReader(byte[] data) {
    this.data = data;
  }

  public int u8() {
    need(1, "byte");
    return data[position++] & 0xff;
  }

  public boolean bool() {
    return u8() != 0;
  }

  public long u32() {
    need(4, "uint32");
    long v =
        ((long) (data[position] & 0xff) << 24)
            | ((data[position + 1] & 0xff) << 16)
            | ((data[position + 2] & 0xff) << 8)
            | (data[position + 3] & 0xff);
    position += 4;
    return v;
  }

  public long u64() {
    return (u32() << 32) | u32();
  }

  public byte[] string() {
    long length = u32();
    if (length > data.length - position) {
      throw new IllegalArgumentException("truncated string");
    }
    byte[] value = Arrays.copyOfRange(data, position, position + (int) length);
    position += (int) length;
    return value;
  }

  public String utf8() {
    return new String(string(), StandardCharsets.UTF_8);
  }

  public BigInteger mpint() {
    byte[] bytes = string();
    return bytes.length == 0 ? BigInteger.ZERO : new BigInteger(bytes);
  }

  public int position() {
    return position;
  }

  public boolean hasRemaining() {
    return position < data.length;
  }

  /** Refuses trailing bytes: a value must be exactly one encoding. */
  public void requireEnd(String what) {
    if (hasRemaining()) {
      throw new IllegalArgumentException(what + " has trailing bytes");
    }
  }

  private void need(int n, String what) {
    if (data.length - position < n) {
      throw new IllegalArgumentException("truncated " + what);
    }
  }
}
