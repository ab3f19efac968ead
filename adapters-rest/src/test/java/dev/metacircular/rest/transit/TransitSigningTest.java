package dev.metacircular.rest.transit;

import static dev.metacircular.rest.transit.TransitFixture.b64;
import static dev.metacircular.rest.transit.TransitFixture.list;
import static dev.metacircular.rest.transit.TransitFixture.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransitSigningTest {

  private static final byte[] INPUT = "release-1.4.2.tar.gz".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = "release-1.4.3.tar.gz".getBytes(StandardCharsets.UTF_8);

  private final TransitFixture t = new TransitFixture();

  private String sign(String key, byte[] input) {
    return (String) t.call("sign", "key", key, "input", b64(input)).get("signature");
  }

  private Object verify(String key, byte[] input, String signature) {
    return t.call("verify", "key", key, "input", b64(input), "signature", signature).get("valid");
  }

  private String hmac(String key, byte[] input) {
    return (String) t.call("hmac", "key", key, "input", b64(input)).get("hmac");
  }

  private Object verifyHmac(String key, byte[] input, String hmac) {
    return t.call("verify-hmac", "key", key, "input", b64(input), "hmac", hmac).get("valid");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256"})
  void aSignatureVerifiesForItsInputOnly(String type) {
    t.createKey("k", type);
    Map<String, Object> out = t.call("sign", "key", "k", "input", b64(INPUT));
    assertThat(out).containsOnlyKeys("signature", "key_version").containsEntry("key_version", 1);
    String signature = (String) out.get("signature");
    assertThat(signature).startsWith("metacrypt:v1:");

    assertThat(verify("k", INPUT, signature)).isEqualTo(true);
    assertThat(verify("k", OTHER, signature)).isEqualTo(false);
    byte[] body = unb64(signature.substring(13));
    body[body.length / 2] ^= 1;
    assertThat(verify("k", INPUT, "metacrypt:v1:" + b64(body))).isEqualTo(false);
  }

  @ParameterizedTest
  @CsvSource({"ed25519, Ed25519, Ed25519", "ecdsa-p256, EC, SHA256withECDSA"})
  void signaturesVerifyWithTheJdkAgainstThePublishedPublicKey(
      String type, String keyAlgorithm, String signatureAlgorithm) throws Exception {
    t.createKey("k", type);
    String pem =
        (String) list(t.call("get-key", "name", "k").get("versions")).get(0).get("public_key");
    byte[] der =
        java.util.Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));

    Signature jdk = Signature.getInstance(signatureAlgorithm);
    jdk.initVerify(
        KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(der)));
    jdk.update(INPUT);
    assertThat(jdk.verify(unb64(sign("k", INPUT).substring(13)))).isTrue();
  }

  @Test
  void oldSignaturesVerifyAfterRotationUntilMinDecryptionVersionPassesThem() {
    t.createKey("k", "ed25519");
    String v1 = sign("k", INPUT);
    t.rotate("k", 1);
    String v2 = sign("k", INPUT);
    assertThat(v2).startsWith("metacrypt:v2:");
    assertThat(verify("k", INPUT, v1)).isEqualTo(true);
    assertThat(verify("k", INPUT, v2)).isEqualTo(true);
    // A version-1 signature relabelled as version 2 does not verify: each version is its own key.
    assertThat(verify("k", INPUT, "metacrypt:v2:" + v1.substring(13))).isEqualTo(false);

    t.call("update-key-config", "name", "k", "min_decryption_version", 2);
    assertThatThrownBy(() -> verify("k", INPUT, v1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("signature key version 1 is below min_decryption_version 2");
    assertThatThrownBy(() -> verify("k", INPUT, "metacrypt:v3:" + v1.substring(13)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("signature key version 3 does not exist (latest_version is 2)");
  }

  @Test
  void aMalformedSignatureIsRefused() {
    t.createKey("k", "ecdsa-p256");
    assertThatThrownBy(() -> verify("k", INPUT, "c2lnbmF0dXJl"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("signature is malformed");
    assertThatThrownBy(() -> verify("k", INPUT, "metacrypt:v1:???"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("signature is malformed");
    assertThat(verify("k", INPUT, "metacrypt:v1:AAAA")).isEqualTo(false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm", "chacha20-poly1305", "hmac"})
  void signAndVerifyNeedASigningKey(String type) {
    t.createKey("k", type);
    String expected = "needs a signing key (ed25519 or ecdsa-p256); key k is " + type;
    assertThatThrownBy(() -> sign("k", INPUT))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("sign " + expected);
    assertThatThrownBy(() -> verify("k", INPUT, "metacrypt:v1:AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("verify " + expected);
  }

  @Test
  void anHmacVerifiesForItsInputOnlyAndIsPlainHmacSha256() throws Exception {
    t.call("create-key", "name", "k", "type", "hmac", "exportable", true);
    Map<String, Object> out = t.call("hmac", "key", "k", "input", b64(INPUT));
    assertThat(out).containsOnlyKeys("hmac", "key_version").containsEntry("key_version", 1);
    String tag = (String) out.get("hmac");

    assertThat(verifyHmac("k", INPUT, tag)).isEqualTo(true);
    assertThat(verifyHmac("k", OTHER, tag)).isEqualTo(false);
    assertThat(verifyHmac("k", INPUT, "metacrypt:v1:" + b64(new byte[32]))).isEqualTo(false);

    byte[] raw =
        unb64((String) ((Map<?, ?>) t.call("export-key", "name", "k").get("keys")).get("1"));
    javax.crypto.Mac jdk = javax.crypto.Mac.getInstance("HmacSHA256");
    jdk.init(new javax.crypto.spec.SecretKeySpec(raw, "HmacSHA256"));
    assertThat(tag).isEqualTo("metacrypt:v1:" + b64(jdk.doFinal(INPUT)));
  }

  @Test
  void hmacVersionsFollowRotationAndMinDecryptionVersion() {
    t.createKey("k", "hmac");
    String v1 = hmac("k", INPUT);
    t.rotate("k", 1);
    String v2 = hmac("k", INPUT);
    assertThat(v2).startsWith("metacrypt:v2:").isNotEqualTo("metacrypt:v2:" + v1.substring(13));
    assertThat(verifyHmac("k", INPUT, v1)).isEqualTo(true);

    t.call("update-key-config", "name", "k", "min_decryption_version", 2);
    assertThatThrownBy(() -> verifyHmac("k", INPUT, v1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("hmac key version 1 is below min_decryption_version 2");
    assertThat(verifyHmac("k", INPUT, v2)).isEqualTo(true);
    assertThatThrownBy(() -> verifyHmac("k", INPUT, "hmac"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("hmac is malformed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm", "ed25519"})
  void hmacAndVerifyHmacNeedAnHmacKey(String type) {
    t.createKey("k", type);
    assertThatThrownBy(() -> hmac("k", INPUT))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("hmac needs an hmac key; key k is " + type);
    assertThatThrownBy(() -> verifyHmac("k", INPUT, "metacrypt:v1:AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("verify-hmac needs an hmac key; key k is " + type);
  }

  @Test
  void inputMustBeBase64AndIsRequired() {
    t.createKey("k", "ed25519");
    assertThatThrownBy(() -> t.call("sign", "key", "k", "input", "***"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("input must be canonical padded base64");
    assertThatThrownBy(() -> t.call("sign", "key", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("input is required");
  }
}
