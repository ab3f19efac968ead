package dev.metacircular.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.metacircular.ports.error.DomainException;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Strict JSON request bodies and JSON responses for every HTTPS API built on {@link SecureJavalin}.
 *
 * <p>A body is read up to the server's limit (413 beyond it, whatever the {@code Content-Length}
 * said), must be valid UTF-8, and is decoded by one shared mapper that rejects unknown and
 * duplicate fields, trailing content, nulls for primitives, scalar coercions and deep nesting.
 * Every refusal is a {@link DomainException.InvalidInput} with a short message that never quotes
 * the body (which may hold a password). The raw bytes and decoded characters are wiped once parsed,
 * so a password read into a {@code char[]} field has no other copy on our side.
 *
 * <p>Field names are snake_case on the wire and camelCase in the records.
 */
public final class JsonBodies {

  /** Where {@link SecureJavalin} stores the body limit of its server. */
  static final Key<Integer> MAX_BODY_BYTES = new Key<>("dev.metacircular.rest.maxBodyBytes");

  static final int MAX_NESTING_DEPTH = 32;
  static final int MAX_STRING_LENGTH = 64 * 1024;
  static final int MAX_NUMBER_LENGTH = 32;
  static final int MAX_NAME_LENGTH = 256;
  private static final int MAX_QUOTED_NAME = 64;

  private static final ObjectMapper MAPPER = newMapper();
  private static final byte[] NO_BYTES = new byte[0];

  private JsonBodies() {}

  /**
   * Decodes the request body into {@code type}. An absent or blank body answers 400 "request body
   * is required"; an oversized one 413.
   */
  public static <T> T read(Context ctx, Class<T> type) {
    return readOptional(ctx, type)
        .orElseThrow(() -> new DomainException.InvalidInput("request body is required"));
  }

  /**
   * Like {@link #read}, but an absent or blank body is empty rather than an error. A body that is
   * there must come with {@code Content-Type: application/json} (415 otherwise).
   */
  public static <T> Optional<T> readOptional(Context ctx, Class<T> type) {
    byte[] raw = readBounded(ctx, maxBodyBytes(ctx));
    try {
      requireJsonType(ctx, raw);
      return Optional.ofNullable(parse(raw, type));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Parses a complete body. Blank input is {@code null}; everything else must be one JSON value of
   * the given type. Throws {@link DomainException.InvalidInput} with a client-safe message.
   */
  static <T> T parse(byte[] raw, Class<T> type) {
    if (isBlank(raw)) {
      return null;
    }
    char[] chars = decodeUtf8(raw);
    try (JsonParser parser = MAPPER.createParser(chars)) {
      T value = MAPPER.readValue(parser, type);
      if (value == null) {
        throw new DomainException.InvalidInput("request body must be a JSON object");
      }
      return value;
    } catch (IOException e) {
      throw refusal(e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * 415 unless a non-empty body was declared as JSON. The body is read first (bounded) so the
   * client, still sending, reliably sees the answer; a POST with no body at all passes whatever its
   * headers say.
   */
  private static void requireJsonType(Context ctx, byte[] raw) {
    if (raw.length > 0 && !BodyRefusal.isJson(ctx.header("Content-Type"))) {
      Arrays.fill(raw, (byte) 0);
      throw new BodyRefusal.UnsupportedMediaType();
    }
  }

  /** Answers {@code body} as JSON with the given status. */
  public static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(toBytes(body));
  }

  /** Answers {@code {"error": message}} with the given status. */
  public static void writeError(Context ctx, int status, String message) {
    write(ctx, status, new ErrorBody(message));
  }

  /** Serialises with the shared mapper (snake_case, RFC 3339 instants). */
  static byte[] toBytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // Our own response types always serialise; failing here is a bug, not bad input.
      throw new IllegalStateException("response is not serialisable: " + body.getClass(), e);
    }
  }

  /**
   * A new mapper with the same strict configuration (limits, no coercion between scalars, unknown
   * fields refused), for a codec that adds its own modules ({@link OperationJson}).
   */
  static ObjectMapper strictMapper() {
    return MAPPER.copy();
  }

  /** A Javalin JSON mapper over the same strict configuration, for {@code ctx.json(...)}. */
  static io.javalin.json.JsonMapper javalinMapper() {
    return new StrictJavalinMapper();
  }

  /**
   * The raw request body, bounded like {@link #read} (413 beyond the limit), for the few endpoints
   * that take another encoding (the OAuth token endpoint's form). The caller wipes it.
   */
  static byte[] readRaw(Context ctx) {
    return readBounded(ctx, maxBodyBytes(ctx));
  }

  /** Strict UTF-8 to characters (400 on invalid input); the caller wipes the result. */
  static char[] utf8(byte[] raw) {
    return decodeUtf8(raw);
  }

  /** The body of every error response. */
  record ErrorBody(String error) {}

  private static int maxBodyBytes(Context ctx) {
    try {
      Integer limit = ctx.appData(MAX_BODY_BYTES);
      return limit != null ? limit : RestSettings.DEFAULT_MAX_BODY_BYTES;
    } catch (RuntimeException notConfigured) {
      // A Javalin instance not built by SecureJavalin: fall back to the default bound.
      return RestSettings.DEFAULT_MAX_BODY_BYTES;
    }
  }

  /**
   * Reads at most {@code limit} bytes, whatever Content-Length claimed (a chunked body has none).
   * Growth copies are wiped so the body exists only once when we return.
   */
  private static byte[] readBounded(Context ctx, int limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw BodyLimitPlugin.tooLarge(ctx);
    }
    if (declared == 0) {
      return NO_BYTES;
    }
    int initial = declared > 0 ? (int) declared : Math.min(limit, 4096);
    byte[] buffer = new byte[Math.max(1, initial)];
    int size = 0;
    try (InputStream in = ctx.req().getInputStream()) {
      while (true) {
        if (size == buffer.length) {
          if (size >= limit) {
            // Full at the limit: one more byte means the body is too large.
            int extra = in.read();
            if (extra >= 0) {
              Arrays.fill(buffer, (byte) 0);
              throw BodyLimitPlugin.tooLarge(ctx);
            }
            break;
          }
          byte[] bigger = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
          Arrays.fill(buffer, (byte) 0);
          buffer = bigger;
        }
        int n = in.read(buffer, size, buffer.length - size);
        if (n < 0) {
          break;
        }
        size += n;
      }
    } catch (IOException | RuntimeException e) {
      Arrays.fill(buffer, (byte) 0);
      if (e instanceof IOException || BodyRefusal.clientWentAway(e)) {
        // The only source here is the client's connection: it closed, reset or went silent.
        throw new BodyRefusal.Aborted(e);
      }
      throw (RuntimeException) e;
    }
    if (size == buffer.length) {
      return buffer;
    }
    byte[] exact = Arrays.copyOf(buffer, size);
    Arrays.fill(buffer, (byte) 0);
    return exact;
  }

  private static boolean isBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static char[] decodeUtf8(byte[] raw) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer decoded;
    try {
      decoded = decoder.decode(ByteBuffer.wrap(raw));
    } catch (CharacterCodingException e) {
      throw new DomainException.InvalidInput("request body is not valid UTF-8");
    }
    // A UTF-8 decode never yields more chars than bytes, so the buffer is backed by an array.
    char[] backing = decoded.array();
    char[] exact = Arrays.copyOfRange(backing, decoded.position(), decoded.limit());
    Arrays.fill(backing, '\0');
    return exact;
  }

  /** Maps a Jackson failure to a short message that quotes neither the input nor Jackson. */
  private static DomainException refusal(IOException e) {
    if (e instanceof ValueInstantiationException && e.getCause() instanceof DomainException d) {
      return d;
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new DomainException.InvalidInput(
          "unknown field " + quoteName(unknown.getPropertyName()));
    }
    if (causedBy(e, StreamConstraintsException.class)) {
      return new DomainException.InvalidInput("JSON nesting or size limit exceeded");
    }
    if (isDuplicateField(e)) {
      return new DomainException.InvalidInput("duplicate field in JSON object");
    }
    if (e instanceof MismatchedInputException mismatch && !isTrailingToken(mismatch)) {
      String field = fieldPath(mismatch);
      return new DomainException.InvalidInput(
          field.isEmpty()
              ? "request body must be a JSON object"
              : "invalid value for field " + quoteName(field));
    }
    return new DomainException.InvalidInput("malformed JSON");
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The parser's duplicate-key refusal, also when databind wrapped it (a nested object). */
  private static boolean isDuplicateField(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (t instanceof JsonParseException && m != null && m.startsWith("Duplicate field")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTrailingToken(MismatchedInputException e) {
    String m = e.getMessage();
    return m != null && m.startsWith("Trailing token");
  }

  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(JsonMappingException.Reference::getFieldName)
        .filter(name -> name != null)
        .collect(Collectors.joining("."));
  }

  private static String quoteName(String name) {
    if (name == null) {
      return "\"\"";
    }
    StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_QUOTED_NAME) + 5);
    sb.append('"');
    for (int i = 0; i < name.length() && i < MAX_QUOTED_NAME; i++) {
      char c = name.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    if (name.length() > MAX_QUOTED_NAME) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  private static ObjectMapper newMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Parser messages must never echo the body: it may contain a password.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    ObjectMapper mapper =
        com.fasterxml.jackson.databind.json.JsonMapper.builder(factory)
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    // "123" is not a number and 123 is not a string: no silent coercion between scalars.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /** Javalin's {@code ctx.json} and {@code ctx.bodyAsClass} on the strict mapper. */
  private static final class StrictJavalinMapper implements io.javalin.json.JsonMapper {
    @Override
    public String toJsonString(Object obj, Type type) {
      return new String(toBytes(obj), StandardCharsets.UTF_8);
    }

    @Override
    public InputStream toJsonStream(Object obj, Type type) {
      return new ByteArrayInputStream(toBytes(obj));
    }

    @Override
    public <T> T fromJsonString(String json, Type type) {
      return fromBytes(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Override
    public <T> T fromJsonStream(InputStream json, Type type) {
      byte[] raw;
      try {
        raw = json.readNBytes(RestSettings.DEFAULT_MAX_BODY_BYTES + 1);
      } catch (IOException e) {
        throw new UncheckedIOException("reading the request body failed", e);
      }
      try {
        if (raw.length > RestSettings.DEFAULT_MAX_BODY_BYTES) {
          throw BodyLimitPlugin.tooLarge();
        }
        return fromBytes(raw, type);
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }

    @SuppressWarnings("unchecked")
    private static <T> T fromBytes(byte[] raw, Type type) {
      Object value = parse(raw, rawClass(type));
      if (value == null) {
        throw new DomainException.InvalidInput("request body is required");
      }
      return (T) value;
    }

    private static Class<?> rawClass(Type type) {
      return MAPPER.getTypeFactory().constructType(type).getRawClass();
    }
  }
}
