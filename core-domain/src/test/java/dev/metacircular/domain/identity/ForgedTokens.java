package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Ed25519SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens built by hand, the way an attacker would. */
final class ForgedTokens {

  private ForgedTokens() {}

  static String b64(String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String payloadOf(String token) {
    return token.split("\\.")[1];
  }

  /** {@code alg: none} with an empty signature part (and with a junk one, for strict parsers). */
  static String algNone(String kid, String payloadPart) {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
        + "."
        + payloadPart
        + "."
        + b64("x");
  }

  /** HS256 keyed with the public key bytes: the classic algorithm-confusion attack. */
  static String hs256(String kid, String payloadPart, byte[] publicKeyRaw) {
    String input =
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + payloadPart;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(publicKeyRaw, "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A correct EdDSA signature by {@code key}, under a header naming {@code kid}. */
  static String signedBy(Ed25519SigningKey key, String kid, String payloadJson) {
    String input =
        b64("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}") + "." + b64(payloadJson);
    return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  static String decodedPayload(String token) {
    return new String(Base64.getUrlDecoder().decode(payloadOf(token)), StandardCharsets.UTF_8);
  }
}
