package dev.metacircular.http;

import dev.metacircular.ports.error.DomainException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded from the raw bytes so that a password
 * field can be taken out as {@code char[]} and never becomes a {@code String} (Javalin's own {@code
 * formParam} would make one). Values stay as percent-decoded UTF-8 bytes until asked for; {@link
 * #wipe()} (or {@link #close()}) zeroes them all: the web pages call it when the request ends, the
 * OAuth token endpoint as soon as it has read its fields. The one form decoder of both HTTP doors.
 */
public final class FormBody implements AutoCloseable {
  /** Most fields one form may carry; more is refused (a form is not a bulk upload). */
  static final int MAX_FIELDS = 256;

  private static final FormBody EMPTY = new FormBody(Map.of());

  private final Map<String, List<byte[]>> fields;

  private FormBody(Map<String, List<byte[]>> fields) {
    this.fields = fields;
  }

  /** No fields (a POST without a body, such as a bare htmx button). */
  public static FormBody empty() {
    return EMPTY;
  }

  /**
   * Decodes {@code body} where a parameter given twice is refused (400 "parameter &lt;name&gt;
   * repeated"), as OAuth 2.0 requires of its requests (RFC 6749 §3.2); the caller still owns (and
   * wipes) {@code body}.
   */
  public static FormBody parseUnique(byte[] body) {
    FormBody form = parse(body);
    for (Map.Entry<String, List<byte[]>> field : form.fields.entrySet()) {
      if (field.getValue().size() > 1) {
        String name = field.getKey();
        form.wipe();
        throw new DomainException.InvalidInput(
            "parameter " + (name.matches("[a-z_]{1,32}") ? name : "(a parameter)") + " repeated");
      }
    }
    return form;
  }

  /**
   * Decodes {@code body}; the caller still owns (and wipes) {@code body}. A malformed percent
   * escape or bytes that are not UTF-8 are 400, never a partial form.
   */
  public static FormBody parse(byte[] body) {
    Map<String, List<byte[]>> fields = new LinkedHashMap<>();
    int count = 0;
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start);
      if (end > start) {
        if (++count > MAX_FIELDS) {
          wipeAll(fields);
          throw new DomainException.InvalidInput("too many form fields");
        }
        int eq = indexOf(body, (byte) '=', start);
        if (eq > end) {
          eq = end;
        }
        byte[] name = decode(body, start, eq, fields);
        byte[] value = eq < end ? decode(body, eq + 1, end, fields) : new byte[0];
        String key = text(name, fields);
        fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
      start = end + 1;
    }
    return new FormBody(fields);
  }

  /** The first value of {@code name}, trimmed; empty when absent. Never for a secret. */
  public String text(String name) {
    List<byte[]> values = fields.get(name);
    return values == null ? "" : text(values.get(0), null).trim();
  }

  /** Every value of {@code name} (repeated fields, such as checkboxes), untrimmed. */
  public List<String> texts(String name) {
    List<byte[]> values = fields.get(name);
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(values.size());
    for (byte[] v : values) {
      out.add(text(v, null));
    }
    return out;
  }

  /** Whether the field was sent at all (a checked checkbox, a named submit button). */
  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /**
   * The first value of {@code name} as a fresh {@code char[]} the caller wipes; empty when absent.
   * No {@code String} is made on the way.
   */
  public char[] secret(String name) {
    List<byte[]> values = fields.get(name);
    if (values == null) {
      return new char[0];
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] bytes = values.get(0);
    CharBuffer decoded = CharBuffer.allocate(bytes.length);
    try {
      if (decoder.decode(ByteBuffer.wrap(bytes), decoded, true).isError()
          || decoder.flush(decoded).isError()) {
        throw new DomainException.InvalidInput("form body is not valid UTF-8");
      }
      char[] out = new char[decoded.position()];
      decoded.flip();
      decoded.get(out);
      return out;
    } finally {
      Arrays.fill(decoded.array(), '\0');
    }
  }

  /** Zeroes every value; the form reads as empty afterwards. */
  public void wipe() {
    wipeAll(fields);
  }

  /** {@link #wipe()}, for try-with-resources. */
  @Override
  public void close() {
    wipe();
  }

  private static void wipeAll(Map<String, List<byte[]>> fields) {
    for (List<byte[]> values : fields.values()) {
      for (byte[] v : values) {
        Arrays.fill(v, (byte) 0);
      }
    }
    if (!fields.isEmpty()) {
      fields.clear();
    }
  }

  private static int indexOf(byte[] body, byte b, int from) {
    for (int i = from; i < body.length; i++) {
      if (body[i] == b) {
        return i;
      }
    }
    return body.length;
  }

  /** Percent- and plus-decodes {@code body[from, to)} into a new array. */
  private static byte[] decode(byte[] body, int from, int to, Map<String, List<byte[]>> sofar) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out[n++] = ' ';
      } else if (b == '%') {
        int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int lo = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
        if (hi < 0 || lo < 0) {
          Arrays.fill(out, (byte) 0);
          wipeAll(sofar);
          throw new DomainException.InvalidInput("malformed form body");
        }
        out[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    if (n == out.length) {
      return out;
    }
    byte[] exact = Arrays.copyOf(out, n);
    Arrays.fill(out, (byte) 0);
    return exact;
  }

  private static String text(byte[] bytes, Map<String, List<byte[]>> sofar) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      if (sofar != null) {
        wipeAll(sofar);
      }
      throw new DomainException.InvalidInput("form body is not valid UTF-8");
    }
  }
}
