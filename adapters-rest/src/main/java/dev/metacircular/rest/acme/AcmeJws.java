package dev.metacircular.rest.acme;

import static dev.metacircular.ports.acme.AcmeProblemType.ACCOUNT_DOES_NOT_EXIST;
import static dev.metacircular.ports.acme.AcmeProblemType.BAD_NONCE;
import static dev.metacircular.ports.acme.AcmeProblemType.BAD_PUBLIC_KEY;
import static dev.metacircular.ports.acme.AcmeProblemType.BAD_SIGNATURE_ALGORITHM;
import static dev.metacircular.ports.acme.AcmeProblemType.MALFORMED;
import static dev.metacircular.ports.acme.AcmeProblemType.UNAUTHORIZED;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.acme.AcmeRefusal;
import dev.metacircular.ports.acme.in.AccountKey;
import dev.metacircular.ports.acme.in.ExternalBinding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Verifies the JWS of every ACME POST (RFC 8555 §6.2–6.5) before the core sees it: a flattened JSON
 * JWS; {@code alg} from the allow-list ES256, ES384, RS256 (keys of at least 2048 bits) and EdDSA
 * (Ed25519) — {@code none}, MACs and anything else are {@code badSignatureAlgorithm}; {@code url}
 * equal to the URL the request came to; {@code jwk} only where the route allows it and {@code kid}
 * (an account URL of this directory) everywhere else, never both; the nonce used up; then the
 * signature with jose4j under exactly the header's algorithm.
 */
final class AcmeJws {
  static final Set<String> ALGORITHMS = Set.of("ES256", "ES384", "RS256", "EdDSA");
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  private final ObjectMapper json;
  private final Predicate<String> nonces;

  AcmeJws(ObjectMapper json, Predicate<String> nonces) {
    this.json = json;
    this.nonces = nonces;
  }

  /** The three parts of a flattened JSON JWS (RFC 7515 §7.2.2), still base64url. */
  private record Flattened(String protectedPart, String payload, String signature) {
    static Flattened of(JsonNode jws, String problem) {
      Flattened parts =
          new Flattened(text(jws, "protected"), text(jws, "payload"), text(jws, "signature"));
      if (parts.protectedPart() == null || parts.payload() == null || parts.signature() == null) {
        throw new AcmeRefusal(MALFORMED, problem);
      }
      return parts;
    }
  }

  /** How the request must name its signer. */
  enum Signer {
    JWK,
    KID,
    EITHER
  }

  /**
   * The verified request.
   *
   * @param url the URL the request was sent to
   * @param accountPrefix the directory's account URL up to the id ({@code .../account/})
   * @param accountKeys the stored key of an account id (the core)
   */
  SignedRequest verify(
      byte[] body,
      String url,
      Signer signer,
      String accountPrefix,
      Function<String, AccountKey> accountKeys) {
    Flattened jws =
        Flattened.of(
            tree(body, "the request body must be a flattened JSON JWS"),
            "a JWS needs protected, payload and signature");
    String protectedPart = jws.protectedPart();
    String payloadPart = jws.payload();
    String signature = jws.signature();
    JsonNode header = tree(decode(protectedPart), "the protected header must be JSON");
    String alg = text(header, "alg");
    if (alg == null || !ALGORITHMS.contains(alg)) {
      throw new AcmeRefusal(
          BAD_SIGNATURE_ALGORITHM,
          "alg " + alg + " is not accepted; use one of ES256, ES384, RS256, EdDSA");
    }
    if (!url.equals(text(header, "url"))) {
      throw new AcmeRefusal(UNAUTHORIZED, "the JWS url header must be the request's URL " + url);
    }
    boolean hasJwk = header.has("jwk");
    boolean hasKid = header.has("kid");
    if (hasJwk == hasKid) {
      throw new AcmeRefusal(MALFORMED, "the JWS must carry exactly one of jwk and kid");
    }
    if (hasJwk && signer == Signer.KID) {
      throw new AcmeRefusal(MALFORMED, "this request must be signed with the account's kid");
    }
    if (hasKid && signer == Signer.JWK) {
      throw new AcmeRefusal(MALFORMED, "this request must carry the new account's jwk");
    }
    if (!nonces.test(text(header, "nonce"))) {
      throw new AcmeRefusal(BAD_NONCE, "the nonce is missing, used or unknown; use a fresh one");
    }
    PublicKey key;
    String accountId = null;
    AccountKey accountKey;
    if (hasJwk) {
      PublicJsonWebKey jwk = jwk(header.get("jwk"));
      key = jwk.getPublicKey();
      accountKey = accountKey(jwk);
    } else {
      String kid = text(header, "kid");
      if (kid == null || !kid.startsWith(accountPrefix)) {
        throw new AcmeRefusal(
            ACCOUNT_DOES_NOT_EXIST, "kid must be an account URL of this directory");
      }
      accountId = kid.substring(accountPrefix.length());
      accountKey = accountKeys.apply(accountId);
      key = publicKey(accountKey);
    }
    checkKey(alg, key);
    verifySignature(protectedPart + "." + payloadPart + "." + signature, alg, key);
    JsonNode payload =
        payloadPart.isEmpty() ? null : tree(decode(payloadPart), "the payload must be JSON");
    return new SignedRequest(accountId, accountKey, key, payload);
  }

  /**
   * The inner JWS of a key change (RFC 8555 §7.3.5): signed by the new key, carried as its jwk,
   * with the same url and no nonce; answers it with its verified payload.
   */
  SignedRequest verifyInner(JsonNode jws, String url) {
    Flattened parts = Flattened.of(jws, "the key change payload must be a JWS");
    String protectedPart = parts.protectedPart();
    String payloadPart = parts.payload();
    String signature = parts.signature();
    JsonNode header = tree(decode(protectedPart), "the inner protected header must be JSON");
    String alg = text(header, "alg");
    if (alg == null || !ALGORITHMS.contains(alg)) {
      throw new AcmeRefusal(BAD_SIGNATURE_ALGORITHM, "inner alg " + alg + " is not accepted");
    }
    if (!url.equals(text(header, "url"))) {
      throw new AcmeRefusal(MALFORMED, "the inner JWS url must be the keyChange URL");
    }
    if (!header.has("jwk") || header.has("kid") || header.has("nonce")) {
      throw new AcmeRefusal(MALFORMED, "the inner JWS carries the new key's jwk and no nonce");
    }
    PublicJsonWebKey jwk = jwk(header.get("jwk"));
    checkKey(alg, jwk.getPublicKey());
    verifySignature(protectedPart + "." + payloadPart + "." + signature, alg, jwk.getPublicKey());
    return new SignedRequest(
        null, accountKey(jwk), jwk.getPublicKey(), tree(decode(payloadPart), "inner payload"));
  }

  /** A newAccount's externalAccountBinding as the core checks it (the MAC is the core's). */
  ExternalBinding binding(JsonNode eab) {
    Flattened parts = Flattened.of(eab, "externalAccountBinding must be a flattened JWS");
    String protectedPart = parts.protectedPart();
    String payloadPart = parts.payload();
    String signature = parts.signature();
    JsonNode header = tree(decode(protectedPart), "the binding's header must be JSON");
    if (header.has("nonce")) {
      throw new AcmeRefusal(MALFORMED, "the external account binding must not carry a nonce");
    }
    String thumbprint =
        accountKey(jwk(tree(decode(payloadPart), "the binding's payload"))).thumbprint();
    return new ExternalBinding(
        text(header, "kid"),
        text(header, "alg"),
        text(header, "url"),
        thumbprint,
        (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII),
        decode(signature));
  }

  /** The thumbprint of a JWK given as JSON (keyChange's oldKey). */
  String thumbprint(JsonNode jwk) {
    return accountKey(jwk(jwk)).thumbprint();
  }

  static AccountKey accountKey(PublicJsonWebKey jwk) {
    PublicKey key = jwk.getPublicKey();
    return new AccountKey(
        jwk.calculateBase64urlEncodedThumbprint("SHA-256"), key.getAlgorithm(), key.getEncoded());
  }

  static PublicKey publicKey(AccountKey key) {
    try {
      return KeyFactory.getInstance(key.algorithm())
          .generatePublic(new X509EncodedKeySpec(key.spki()));
    } catch (GeneralSecurityException e) {
      throw new AcmeRefusal(BAD_PUBLIC_KEY, "the account's key cannot be read");
    }
  }

  /** A JWK of a kind the allow-list can use; private parts are refused. */
  private PublicJsonWebKey jwk(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new AcmeRefusal(MALFORMED, "jwk must be a JSON object");
    }
    if (node.has("d")) {
      throw new AcmeRefusal(BAD_PUBLIC_KEY, "a jwk must not hold a private key");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = json.convertValue(node, Map.class);
      JsonWebKey key = JsonWebKey.Factory.newJwk(params);
      if (key instanceof RsaJsonWebKey
          || key instanceof EllipticCurveJsonWebKey
          || key instanceof OctetKeyPairJsonWebKey) {
        return (PublicJsonWebKey) key;
      }
    } catch (JoseException | IllegalArgumentException e) {
      throw new AcmeRefusal(BAD_PUBLIC_KEY, "the jwk is not a usable public key");
    }
    throw new AcmeRefusal(BAD_PUBLIC_KEY, "only RSA, EC and Ed25519 keys are accepted");
  }

  /** The key fits its algorithm: P-256 for ES256, P-384 for ES384, RSA ≥ 2048, Ed25519. */
  private static void checkKey(String alg, PublicKey key) {
    boolean fits =
        switch (alg) {
          case "ES256" ->
              key instanceof ECPublicKey ec
                  && ec.getParams().getCurve().getField().getFieldSize() == 256;
          case "ES384" ->
              key instanceof ECPublicKey ec
                  && ec.getParams().getCurve().getField().getFieldSize() == 384;
          case "RS256" -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
          case "EdDSA" ->
              key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA");
          default -> false;
        };
    if (!fits) {
      throw new AcmeRefusal(
          BAD_PUBLIC_KEY, "the key does not fit " + alg + " (RSA keys need at least 2048 bits)");
    }
  }

  private static void verifySignature(String compact, String alg, PublicKey key) {
    JsonWebSignature jws = new JsonWebSignature();
    try {
      jws.setAlgorithmConstraints(
          new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg));
      jws.setCompactSerialization(compact);
      jws.setKey(key);
      if (!jws.verifySignature()) {
        throw new AcmeRefusal(UNAUTHORIZED, "the JWS signature does not verify");
      }
    } catch (JoseException e) {
      throw new AcmeRefusal(MALFORMED, "the JWS cannot be verified: " + e.getMessage());
    }
  }

  private JsonNode tree(byte[] bytes, String problem) {
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new AcmeRefusal(MALFORMED, problem);
      }
      return node;
    } catch (java.io.IOException e) {
      throw new AcmeRefusal(MALFORMED, problem);
    }
  }

  static byte[] decode(String base64url) {
    if (base64url.indexOf('=') >= 0 || base64url.indexOf('+') >= 0 || base64url.indexOf('/') >= 0) {
      throw new AcmeRefusal(MALFORMED, "JWS parts must be unpadded base64url");
    }
    try {
      return B64.decode(base64url);
    } catch (IllegalArgumentException e) {
      throw new AcmeRefusal(MALFORMED, "JWS parts must be base64url");
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
