package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.metacircular.ports.error.DomainException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Conversions between protobuf's well-known types and the ports' values. */
final class Wire {
  // UUID.fromString alone accepts "1-1-1-1-1"; an id has exactly one spelling (as on REST).
  private static final Pattern CANONICAL_UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Whole doubles up to 2^53 are exact; they reach the engines as {@code Long}. */
  private static final double EXACT_WHOLE = 9_007_199_254_740_992d;

  private Wire() {}

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  static Instant instant(Timestamp timestamp) {
    if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
      throw new DomainException.InvalidInput("timestamp is out of range");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  static UUID accountId(String value) {
    if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
      throw new DomainException.InvalidInput("invalid account id");
    }
    return UUID.fromString(value);
  }

  /** An empty string as absent (proto3 strings cannot be null). */
  static String orNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** An empty byte field as absent. */
  static byte[] orNull(ByteString value) {
    return value.isEmpty() ? null : value.toByteArray();
  }

  // --- Struct <-> JSON-shaped trees ---

  static Map<String, Object> tree(Struct struct) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  private static Object value(Value value) {
    switch (value.getKindCase()) {
      case NULL_VALUE:
        return null;
      case BOOL_VALUE:
        return value.getBoolValue();
      case STRING_VALUE:
        return value.getStringValue();
      case NUMBER_VALUE:
        return number(value.getNumberValue());
      case STRUCT_VALUE:
        return tree(value.getStructValue());
      case LIST_VALUE:
        List<Object> list = new ArrayList<>();
        for (Value item : value.getListValue().getValuesList()) {
          list.add(value(item));
        }
        return list;
      case KIND_NOT_SET:
      default:
        throw new DomainException.InvalidInput("data holds a value with no kind");
    }
  }

  private static Object number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new DomainException.InvalidInput("data holds a number that is not finite");
    }
    if (d == Math.rint(d) && Math.abs(d) <= EXACT_WHOLE) {
      return (long) d;
    }
    return d;
  }

  static Struct struct(Map<String, Object> tree) {
    Struct.Builder out = Struct.newBuilder();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      out.putFields(e.getKey(), toValue(e.getValue()));
    }
    return out.build();
  }

  @SuppressWarnings("unchecked")
  private static Value toValue(Object v) {
    Value.Builder out = Value.newBuilder();
    if (v == null) {
      return out.setNullValue(NullValue.NULL_VALUE).build();
    } else if (v instanceof String s) {
      return out.setStringValue(s).build();
    } else if (v instanceof Boolean b) {
      return out.setBoolValue(b).build();
    } else if (v instanceof BigInteger b) {
      return out.setNumberValue(b.doubleValue()).build();
    } else if (v instanceof BigDecimal b) {
      return out.setNumberValue(b.doubleValue()).build();
    } else if (v instanceof Number n) {
      return out.setNumberValue(n.doubleValue()).build();
    } else if (v instanceof Map<?, ?> m) {
      return out.setStructValue(struct((Map<String, Object>) m)).build();
    } else if (v instanceof List<?> list) {
      ListValue.Builder items = ListValue.newBuilder();
      for (Object item : list) {
        items.addValues(toValue(item));
      }
      return out.setListValue(items).build();
    }
    throw new IllegalStateException("not a JSON-shaped value: " + v.getClass().getName());
  }
}
