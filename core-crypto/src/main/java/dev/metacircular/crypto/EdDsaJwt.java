package dev.metacircular.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;

/**
 * Compact JWS tokens signed with Ed25519 ({@code alg: EdDSA}), following RFC 8725.
 *
 * <p>Verification order, each step refusing before any later work is done:
 *
 * <ol>
 *   <li>structure: at most {@link #MAX_TOKEN_LENGTH} characters, exactly three non-empty parts of
 *       canonical base64url (no padding, no stray bits) — else {@code MALFORMED};
 *   <li>the header is a JSON object — else {@code MALFORMED};
 *   <li>{@code alg} is exactly {@code EdDSA} — else {@code WRONG_ALGORITHM} (so {@code none}, HMAC,
 *       RSA and ECDSA never reach signature code);
 *   <li>{@code typ} is exactly {@code JWT} and there is no {@code crit} — else {@code MALFORMED};
 *   <li>{@code kid} names a key in the caller's fixed map — else {@code UNKNOWN_KEY}. {@code jku},
 *       {@code x5u}, {@code jwk} and {@code x5c} are ignored: nothing is fetched and no key is
 *       taken from the token;
 *   <li>the Ed25519 signature over the ASCII {@code header.payload} — else {@code BAD_SIGNATURE};
 *   <li>only then the claims are parsed (a JSON object) — else {@code MALFORMED}.
 * </ol>
 *
 * No input makes {@link #verify} throw. JSON parsing (jose4j) refuses duplicate member names.
 * Claims come back as jose4j parses them: integers as {@link Long}, other numbers as {@link
 * Double}, arrays as {@link java.util.List}, objects as {@link Map}.
 */
public final class EdDsaJwt {

  public static final int MAX_TOKEN_LENGTH = 8 * 1024;
  public static final String ALGORITHM = "EdDSA";
  public static final String TYPE = "JWT";

  private EdDsaJwt() {}

  /** Signs {@code claims} (strings, numbers, booleans, lists, maps) with {@code key}. */
  public static String sign(Map<String, Object> claims, Ed25519SigningKey key) {
    if (claims == null || key == null) {
      throw new IllegalArgumentException("claims and key must not be null");
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", ALGORITHM);
    header.put("typ", TYPE);
    header.put("kid", key.publicKey().keyId());
    String signingInput =
        Base64Url.encode(JsonUtil.toJson(header).getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64Url.encode(JsonUtil.toJson(claims).getBytes(StandardCharsets.UTF_8));
    byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Base64Url.encode(signature);
  }

  /**
   * Verifies {@code compact} against the fixed {@code keysByKid}; see the class comment for the
   * order.
   */
  public static JwtVerification verify(String compact, Map<String, Ed25519PublicKey> keysByKid) {
    try {
      return verifyOrThrow(compact, keysByKid);
    } catch (RuntimeException | StackOverflowError e) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
  }

  private static JwtVerification verifyOrThrow(
      String compact, Map<String, Ed25519PublicKey> keysByKid) {
    if (compact == null || compact.isEmpty() || compact.length() > MAX_TOKEN_LENGTH) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
    int firstDot = compact.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : compact.indexOf('.', firstDot + 1);
    if (firstDot <= 0
        || secondDot <= firstDot + 1
        || secondDot == compact.length() - 1
        || compact.indexOf('.', secondDot + 1) >= 0) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
    String headerPart = compact.substring(0, firstDot);
    String payloadPart = compact.substring(firstDot + 1, secondDot);
    String signaturePart = compact.substring(secondDot + 1);
    byte[] headerBytes = decodeCanonical(headerPart);
    byte[] signature = decodeCanonical(signaturePart);
    if (headerBytes == null || signature == null || !isCanonicalBase64Url(payloadPart)) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }

    Map<String, Object> header = parseObject(headerBytes);
    if (header == null) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
    if (!ALGORITHM.equals(header.get("alg"))) {
      return rejected(JwtVerification.Reason.WRONG_ALGORITHM);
    }
    if (!TYPE.equals(header.get("typ")) || header.containsKey("crit")) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
    Object kid = header.get("kid");
    Ed25519PublicKey key = kid instanceof String k && keysByKid != null ? keysByKid.get(k) : null;
    if (key == null) {
      return rejected(JwtVerification.Reason.UNKNOWN_KEY);
    }

    byte[] signingInput = compact.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    if (!key.verify(signingInput, signature)) {
      return rejected(JwtVerification.Reason.BAD_SIGNATURE);
    }

    Map<String, Object> claims = parseObject(Base64Url.decode(payloadPart));
    if (claims == null) {
      return rejected(JwtVerification.Reason.MALFORMED);
    }
    return new JwtVerification.Verified(claims);
  }

  private static JwtVerification rejected(JwtVerification.Reason reason) {
    return new JwtVerification.Rejected(reason);
  }

  /** A JSON object from strict UTF-8, or null. */
  private static Map<String, Object> parseObject(byte[] utf8) {
    try {
      String json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
      Object parsed = JsonUtil.parseJson(json);
      if (!(parsed instanceof Map<?, ?> map)) {
        return null;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          return null;
        }
        result.put(name, e.getValue());
      }
      return result;
    } catch (CharacterCodingException | org.jose4j.lang.JoseException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Decodes base64url only if it is in canonical form: jose4j's decoder skips characters outside
   * the alphabet and ignores stray low bits, so without this check a token could be altered and
   * still verify.
   */
  private static byte[] decodeCanonical(String part) {
    if (!isCanonicalBase64Url(part)) {
      return null;
    }
    return Base64Url.decode(part);
  }

  static boolean isCanonicalBase64Url(String part) {
    int n = part.length();
    if (n == 0 || n % 4 == 1) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (valueOf(part.charAt(i)) < 0) {
        return false;
      }
    }
    // the unused low bits of the last character must be zero
    int last = valueOf(part.charAt(n - 1));
    return switch (n % 4) {
      case 2 -> (last & 0x0f) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> true;
    };
  }

  private static int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    if (c == '_') {
      return 63;
    }
    return -1;
  }
}
