package dev.metacircular.domain.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact, versioned binary form of JSON-shaped trees (maps with string keys, lists, strings,
 * booleans, numbers, null), for what the core stores inside the barrier (mount table, ACL rules)
 * without a JSON library. Decoding is strict: a truncated or malformed value, trailing bytes, or
 * nesting deeper than {@link #MAX_DEPTH} is an {@link IllegalArgumentException}.
 */
public final class TreeCodec {

  public static final int MAX_DEPTH = 32;
  private static final int FORMAT = 1;
  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int TRUE = 2;
  private static final int FALSE = 3;
  private static final int LONG = 4;
  private static final int BIG_INTEGER = 5;
  private static final int DECIMAL = 6;
  private static final int DOUBLE = 7;
  private static final int LIST = 8;
  private static final int MAP = 9;

  private TreeCodec() {}

  public static byte[] encode(Map<String, ?> tree) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      write(out, tree, 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Map<String, Object> decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
      if (in.readUnsignedByte() != FORMAT) {
        throw new IllegalArgumentException("unknown tree format");
      }
      Object value = read(in, encoded.length, 1);
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after tree");
      }
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("tree root is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated tree");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, Object v, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("tree nested deeper than " + MAX_DEPTH);
    }
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      writeString(out, s);
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      out.writeByte(LONG);
      out.writeLong(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      out.writeByte(BIG_INTEGER);
      writeString(out, b.toString());
    } else if (v instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      writeString(out, d.toString());
    } else if (v instanceof Double || v instanceof Float) {
      out.writeByte(DOUBLE);
      out.writeDouble(((Number) v).doubleValue());
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object item : list) {
        write(out, item, depth + 1);
      }
    } else if (v instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("tree keys must be strings");
        }
        writeString(out, key);
        write(out, e.getValue(), depth + 1);
      }
    } else {
      throw new IllegalArgumentException("not a JSON-shaped value: " + v.getClass().getName());
    }
  }

  private static Object read(DataInputStream in, int limit, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("tree nested deeper than " + MAX_DEPTH);
    }
    int tag = in.readUnsignedByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING:
        return readString(in, limit);
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case LONG:
        return in.readLong();
      case BIG_INTEGER:
        return new BigInteger(readString(in, limit));
      case DECIMAL:
        return new BigDecimal(readString(in, limit));
      case DOUBLE:
        return in.readDouble();
      case LIST:
        {
          int n = count(in, limit);
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(read(in, limit, depth + 1));
          }
          return Collections.unmodifiableList(list);
        }
      case MAP:
        {
          int n = count(in, limit);
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            String key = readString(in, limit);
            map.put(key, read(in, limit, depth + 1));
          }
          return Collections.unmodifiableMap(map);
        }
      default:
        throw new IllegalArgumentException("unknown tree tag " + tag);
    }
  }

  private static int count(DataInputStream in, int limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > limit) {
      throw new IllegalArgumentException("bad tree length");
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in, int limit) throws IOException {
    int n = count(in, limit);
    byte[] utf8 = new byte[n];
    in.readFully(utf8);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("tree string is not UTF-8");
    }
  }
}
