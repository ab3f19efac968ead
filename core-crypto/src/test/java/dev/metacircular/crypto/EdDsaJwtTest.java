package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.JwtVerification.Reason;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdDsaJwtTest {

  private static final Ed25519SigningKey KEY = Ed25519SigningKey.generate();
  private static final Map<String, Ed25519PublicKey> KEYS =
      Map.of(KEY.publicKey().keyId(), KEY.publicKey());

  @Test
  void signsAndVerifiesClaims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "alice");
    claims.put("exp", 1_900_000_000L);
    claims.put("roles", List.of("admin", "user"));
    claims.put("mfa", true);

    String token = EdDsaJwt.sign(claims, KEY);
    JwtVerification result = EdDsaJwt.verify(token, KEYS);

    assertThat(result).isInstanceOf(JwtVerification.Verified.class);
    Map<String, Object> back = ((JwtVerification.Verified) result).claims();
    assertThat(back)
        .containsEntry("sub", "alice")
        .containsEntry("exp", 1_900_000_000L)
        .containsEntry("roles", List.of("admin", "user"))
        .containsEntry("mfa", true);
  }

  @Test
  void integerClaimsComeBackAsLong() {
    String token = EdDsaJwt.sign(Map.of("n", 5), KEY);
    var verified = (JwtVerification.Verified) EdDsaJwt.verify(token, KEYS);
    assertThat(verified.claims().get("n")).isEqualTo(5L);
  }

  @Test
  void writesTheExpectedHeader() throws Exception {
    String token = EdDsaJwt.sign(Map.of("sub", "x"), KEY);
    Map<String, Object> header =
        JsonUtil.parseJson(Base64Url.decodeToUtf8String(token.split("\\.")[0]));
    assertThat(header)
        .containsExactly(
            Map.entry("alg", "EdDSA"),
            Map.entry("typ", "JWT"),
            Map.entry("kid", KEY.publicKey().keyId()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"none", "HS256", "RS256", "ES256", "PS256", "EdDSA ", "eddsa", "Ed25519", ""})
  void foreignAlgorithmsAreRefusedBeforeAnyKeyOrSignatureWork(String alg) {
    String header =
        "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + KEY.publicKey().keyId() + "\"}";
    String token = b64(header) + "." + b64("{\"sub\":\"admin\"}") + "." + b64("sig");

    assertThat(EdDsaJwt.verify(token, untouchable()))
        .isEqualTo(new JwtVerification.Rejected(Reason.WRONG_ALGORITHM));
  }

  @Test
  void missingOrNonStringAlgIsWrongAlgorithm() {
    String noAlg = b64("{\"typ\":\"JWT\"}") + "." + b64("{}") + "." + b64("sig");
    String numericAlg = b64("{\"alg\":1,\"typ\":\"JWT\"}") + "." + b64("{}") + "." + b64("sig");
    assertThat(EdDsaJwt.verify(noAlg, untouchable()))
        .isEqualTo(new JwtVerification.Rejected(Reason.WRONG_ALGORITHM));
    assertThat(EdDsaJwt.verify(numericAlg, untouchable()))
        .isEqualTo(new JwtVerification.Rejected(Reason.WRONG_ALGORITHM));
  }

  @Test
  void unsignedAlgNoneTokenWithEmptySignatureIsRefused() {
    String token =
        b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"admin\"}") + ".";
    assertThat(EdDsaJwt.verify(token, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Test
  void unknownOrMissingKidIsUnknownKey() {
    Ed25519SigningKey stranger = Ed25519SigningKey.generate();
    String token = EdDsaJwt.sign(Map.of("sub", "x"), stranger);
    assertThat(EdDsaJwt.verify(token, KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.UNKNOWN_KEY));

    String noKid = signRaw("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}", "{}", KEY);
    assertThat(EdDsaJwt.verify(noKid, KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.UNKNOWN_KEY));
    assertThat(EdDsaJwt.verify(EdDsaJwt.sign(Map.of(), KEY), Map.of()))
        .isEqualTo(new JwtVerification.Rejected(Reason.UNKNOWN_KEY));
  }

  @Test
  void aKidPointingAtAnotherKeyIsABadSignature() {
    Ed25519SigningKey stranger = Ed25519SigningKey.generate();
    String header =
        "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + KEY.publicKey().keyId() + "\"}";
    String forged = signRaw(header, "{\"sub\":\"admin\"}", stranger);
    assertThat(EdDsaJwt.verify(forged, KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.BAD_SIGNATURE));
  }

  @Test
  void embeddedKeysAndKeyUrlsAreIgnored() {
    Ed25519SigningKey attacker = Ed25519SigningKey.generate();
    String attackerJwk =
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
            + Base64Url.encode(attacker.publicKey().raw())
            + "\"}";
    String header =
        "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\""
            + KEY.publicKey().keyId()
            + "\",\"jwk\":"
            + attackerJwk
            + ",\"jku\":\"http://127.0.0.1:1/keys\",\"x5u\":\"http://127.0.0.1:1/x\"}";
    String forged = signRaw(header, "{\"sub\":\"admin\"}", attacker);
    assertThat(EdDsaJwt.verify(forged, KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.BAD_SIGNATURE));

    String genuine = signRaw(header, "{\"sub\":\"alice\"}", KEY);
    assertThat(EdDsaJwt.verify(genuine, KEYS)).isInstanceOf(JwtVerification.Verified.class);
  }

  @Test
  void critAndWrongTypAreMalformed() {
    String kid = KEY.publicKey().keyId();
    String crit =
        signRaw(
            "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\""
                + kid
                + "\",\"crit\":[\"exp\"],\"exp\":1}",
            "{}",
            KEY);
    String typ =
        signRaw("{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}", "{}", KEY);
    String noTyp = signRaw("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}", "{}", KEY);
    for (String token : List.of(crit, typ, noTyp)) {
      assertThat(EdDsaJwt.verify(token, KEYS))
          .isEqualTo(new JwtVerification.Rejected(Reason.MALFORMED));
    }
  }

  @Test
  void claimsMustBeAJsonObjectAndAreParsedOnlyAfterTheSignature() {
    String header =
        "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + KEY.publicKey().keyId() + "\"}";
    assertThat(EdDsaJwt.verify(signRaw(header, "[1,2]", KEY), KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.MALFORMED));
    assertThat(EdDsaJwt.verify(signRaw(header, "{\"a\":1,\"a\":2}", KEY), KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.MALFORMED));
    String garbagePayloadForged = signRaw(header, "not json", Ed25519SigningKey.generate());
    assertThat(EdDsaJwt.verify(garbagePayloadForged, KEYS))
        .isEqualTo(new JwtVerification.Rejected(Reason.BAD_SIGNATURE));
  }

  @Test
  void duplicateHeaderMembersAreMalformed() {
    String token =
        b64("{\"alg\":\"none\",\"alg\":\"EdDSA\",\"typ\":\"JWT\"}")
            + "."
            + b64("{}")
            + "."
            + b64("sig");
    assertThat(EdDsaJwt.verify(token, untouchable()))
        .isEqualTo(new JwtVerification.Rejected(Reason.MALFORMED));
  }

  @Test
  void structuralGarbageIsMalformed() {
    String good = EdDsaJwt.sign(Map.of("sub", "x"), KEY);
    String[] parts = good.split("\\.");
    String[] bad = {
      null,
      "",
      ".",
      "..",
      "a.b",
      "a.b.c.d",
      good + ".",
      "." + good,
      parts[0] + ".." + parts[2],
      parts[0] + "." + parts[1] + ".",
      parts[0] + "=." + parts[1] + "." + parts[2],
      parts[0] + "." + parts[1] + "." + parts[2] + "=",
      parts[0] + "." + parts[1] + " ." + parts[2],
      "x".repeat(EdDsaJwt.MAX_TOKEN_LENGTH + 1),
      b64("not json") + "." + parts[1] + "." + parts[2],
      b64("[1]") + "." + parts[1] + "." + parts[2],
    };
    for (String token : bad) {
      assertThat(EdDsaJwt.verify(token, KEYS))
          .as("%s", token)
          .isEqualTo(new JwtVerification.Rejected(Reason.MALFORMED));
    }
    assertThat(EdDsaJwt.verify(good, null)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Test
  void nonCanonicalBase64InTheSignatureIsRefused() {
    String good = EdDsaJwt.sign(Map.of("sub", "x"), KEY);
    // 64-byte signature = 86 chars; the last char carries 4 unused bits
    char last = good.charAt(good.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sibling = alphabet.charAt(alphabet.indexOf(last) | 1);
    String tampered = good.substring(0, good.length() - 1) + sibling;
    assertThat(tampered).isNotEqualTo(good);
    assertThat(EdDsaJwt.verify(tampered, KEYS)).isInstanceOf(JwtVerification.Rejected.class);
  }

  @Test
  void verifiedClaimsAreReadOnly() {
    var verified =
        (JwtVerification.Verified) EdDsaJwt.verify(EdDsaJwt.sign(Map.of("a", "b"), KEY), KEYS);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verified.claims().put("admin", true))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static String b64(String s) {
    return Base64Url.encode(s.getBytes(StandardCharsets.UTF_8));
  }

  static String signRaw(String headerJson, String payloadJson, Ed25519SigningKey key) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A key map that fails the test if verification so much as looks into it. */
  private static Map<String, Ed25519PublicKey> untouchable() {
    return new AbstractMap<>() {
      @Override
      public Set<Entry<String, Ed25519PublicKey>> entrySet() {
        throw new AssertionError("key map consulted");
      }

      @Override
      public Ed25519PublicKey get(Object key) {
        throw new AssertionError("key map consulted");
      }

      @Override
      public boolean containsKey(Object key) {
        throw new AssertionError("key map consulted");
      }
    };
  }
}
