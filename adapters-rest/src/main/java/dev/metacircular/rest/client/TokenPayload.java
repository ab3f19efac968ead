package dev.metacircular.rest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The claims the identity service's answers leave out ({@code jti}, {@code iss}, {@code iat},
 * {@code aud}), read from the middle part of a token without checking its signature.
 *
 * <p>That is safe only because of when it is used: on a token the identity service has just issued
 * to us, or has just declared valid (it checked the signature, issuer, expiry and revocation). The
 * payload decides nothing on its own, and nothing in it ever leads to an outbound call (DESIGN.md
 * §8).
 *
 * @param audience {@code aud}, or null when the token names none
 */
record TokenPayload(String subject, String jti, String issuer, Instant issuedAt, String audience) {

  /** Thrown for anything that is not a JWS with a JSON object payload holding these claims. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String what) {
      // The token is a credential: the message names only the claim, never the content.
      super(what, null, false, false);
    }
  }

  static TokenPayload read(String token, ObjectMapper json) throws Unreadable {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new Unreadable("not a JWS");
    }
    JsonNode claims;
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
      claims = json.readTree(payload);
    } catch (IllegalArgumentException | IOException e) {
      throw new Unreadable("payload");
    }
    if (claims == null || !claims.isObject()) {
      throw new Unreadable("payload");
    }
    return new TokenPayload(
        text(claims, "sub"),
        text(claims, "jti"),
        text(claims, "iss"),
        Instant.ofEpochSecond(seconds(claims, "iat")),
        audience(claims.get("aud")));
  }

  private static String text(JsonNode claims, String name) throws Unreadable {
    JsonNode value = claims.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new Unreadable(name);
    }
    return value.asText();
  }

  private static long seconds(JsonNode claims, String name) throws Unreadable {
    JsonNode value = claims.get(name);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new Unreadable(name);
    }
    long seconds = value.asLong();
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      throw new Unreadable(name);
    }
    return seconds;
  }

  /** A string, or (RFC 7519 §4.1.3) an array of exactly one; several audiences are refused. */
  private static String audience(JsonNode value) throws Unreadable {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray() && value.size() == 1 && value.get(0).isTextual()) {
      return value.get(0).asText();
    }
    throw new Unreadable("aud");
  }
}
