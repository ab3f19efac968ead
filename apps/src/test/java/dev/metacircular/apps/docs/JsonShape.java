package dev.metacircular.apps.docs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares what a command printed with the JSON the docs show beneath it, by shape: the same object
 * keys, the same array lengths and the same value types, recursively.
 *
 * <p>Strings are compared exactly, except values that differ from run to run by nature (a token, a
 * UUID, a time, a PEM block, a {@code metacrypt:v<N>:} value), which are compared by type, as
 * numbers are. Booleans and null are compared exactly. The docs may abbreviate: {@code ...} inside
 * a string matches anything there ({@code "eyJhbGci..."}), {@code ...} in place of object members
 * allows more keys ({@code {"id":"x",...}}), {@code ...} as an array's last element allows more
 * elements, and {@code ...} as a value allows any value.
 */
final class JsonShape {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MORE = "...";

  /** Strings that change from run to run whatever the docs do: compared by type only. */
  private static final Pattern VOLATILE =
      Pattern.compile(
          "eyJ[\\w-]+\\.[\\w.-]*" // a JWT
              + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" // a UUID
              + "|\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z" // a time
              + "|-----BEGIN [A-Z ]+-----.*" // a PEM block
              + "|metacrypt:v\\d+:[A-Za-z0-9+/=]+", // a ciphertext, signature or HMAC
          Pattern.DOTALL);

  private JsonShape() {}

  /** The docs' JSON, with its {@code ...} abbreviations turned into JSON the parser accepts. */
  static JsonNode expected(String docsJson) throws JsonProcessingException {
    String text =
        docsJson
            .replaceAll("\\{\\s*\\.\\.\\.\\s*}", "{\"...\":\"...\"}")
            .replaceAll("\\[\\s*\\.\\.\\.\\s*]", "[\"...\"]")
            .replaceAll(":\\s*\\.\\.\\.\\s*(?=[,}])", ":\"...\"")
            .replaceAll(",\\s*\\.\\.\\.\\s*(?=[,}\\]])", ",\"...\":\"...\"")
            .replaceAll("\\[\"\\.\\.\\.\":\"\\.\\.\\.\"", "[\"...\"");
    // Arrays ending in ", ..." became a member; give them back their element form.
    text = text.replaceAll(",\"\\.\\.\\.\":\"\\.\\.\\.\"(?=\\s*])", ",\"...\"");
    try (JsonParser p = JSON.createParser(text)) {
      return JSON.readTree(p); // the first value; what follows it (a remark) is not JSON
    } catch (IOException e) {
      throw new IllegalArgumentException("the docs' JSON does not parse: " + docsJson, e);
    }
  }

  /** The last JSON value a command printed, if its output is JSON values. */
  static Optional<JsonNode> lastValue(String printed) {
    List<JsonNode> values = new ArrayList<>();
    try (JsonParser p = JSON.createParser(printed)) {
      Iterator<JsonNode> it = JSON.readValues(p, JsonNode.class);
      while (it.hasNext()) {
        values.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** Where {@code actual} differs from {@code expected} in shape; empty when it matches. */
  static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> found = new ArrayList<>();
    compare("$", expected, actual, found);
    return found;
  }

  private static void compare(String at, JsonNode expected, JsonNode actual, List<String> found) {
    if (expected.isTextual() && expected.asText().equals(MORE)) {
      return;
    }
    if (expected.getNodeType() != actual.getNodeType()) {
      found.add(at + ": expected " + describe(expected) + " but got " + describe(actual));
      return;
    }
    if (expected.isObject()) {
      boolean more = expected.has(MORE);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals(MORE)) {
          continue;
        }
        if (!actual.has(e.getKey())) {
          found.add(at + ": no field \"" + e.getKey() + "\" in " + abbreviate(actual));
        } else {
          compare(at + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), found);
        }
      }
      if (!more) {
        for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (!expected.has(name)) {
            found.add(at + ": field \"" + name + "\" is not in the docs");
          }
        }
      }
    } else if (expected.isArray()) {
      int n = expected.size();
      boolean more =
          n > 0 && expected.get(n - 1).isTextual() && expected.get(n - 1).asText().equals(MORE);
      int fixed = more ? n - 1 : n;
      if (actual.size() < fixed || (!more && actual.size() != fixed)) {
        found.add(at + ": expected " + n + " elements but got " + actual.size());
        return;
      }
      for (int i = 0; i < fixed; i++) {
        compare(at + "[" + i + "]", expected.get(i), actual.get(i), found);
      }
    } else if (expected.isTextual()) {
      String want = expected.asText();
      String got = actual.asText();
      if (want.contains(MORE)) {
        String regex = Pattern.quote(want).replace(MORE, "\\E.*\\Q");
        if (!Pattern.compile(regex, Pattern.DOTALL).matcher(got).matches()) {
          found.add(at + ": expected \"" + want + "\" but got \"" + got + "\"");
        }
      } else if (!VOLATILE.matcher(want).matches() && !want.equals(got)) {
        found.add(at + ": expected \"" + want + "\" but got \"" + got + "\"");
      }
    } else if (expected.isBoolean() && expected.asBoolean() != actual.asBoolean()) {
      found.add(at + ": expected " + expected + " but got " + actual);
    }
  }

  private static String describe(JsonNode n) {
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(n);
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
