package dev.metacircular.rest.transit;

import static dev.metacircular.rest.transit.TransitFixture.b64;
import static dev.metacircular.rest.transit.TransitFixture.item;
import static dev.metacircular.rest.transit.TransitFixture.list;
import static dev.metacircular.rest.transit.TransitFixture.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitEncryptionTest {

  private static final byte[] SECRET = "4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONTEXT = "customer-42".getBytes(StandardCharsets.UTF_8);

  private final TransitFixture t = new TransitFixture();

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm", "chacha20-poly1305"})
  void encryptAnswersAVersionedCiphertextThatDecrypts(String type) {
    t.createKey("k", type);
    Map<String, Object> out = t.call("encrypt", "key", "k", "plaintext", b64(SECRET));

    assertThat(out).containsOnlyKeys("ciphertext", "key_version").containsEntry("key_version", 1);
    String ciphertext = (String) out.get("ciphertext");
    assertThat(ciphertext).matches("metacrypt:v1:[A-Za-z0-9+/]+=*");
    assertThat(unb64(ciphertext.substring(13))).hasSize(SECRET.length + 28);
    assertThat(t.call("decrypt", "key", "k", "ciphertext", ciphertext))
        .isEqualTo(Map.of("plaintext", b64(SECRET)));
    assertThat(t.encrypt("k", SECRET)).isNotEqualTo(ciphertext);
  }

  @Test
  void anEmptyPlaintextRoundTrips() {
    t.createKey("k", "aes256-gcm");
    assertThat(t.decrypt("k", t.encrypt("k", new byte[0]))).isEmpty();
  }

  @Test
  void encryptAlwaysUsesTheLatestVersion() {
    t.createKey("k", "chacha20-poly1305");
    t.rotate("k", 2);
    Map<String, Object> out = t.call("encrypt", "key", "k", "plaintext", b64(SECRET));
    assertThat(out).containsEntry("key_version", 3);
    assertThat((String) out.get("ciphertext")).startsWith("metacrypt:v3:");
  }

  @Test
  void theContextIsBoundAsAssociatedData() {
    t.createKey("k", "aes256-gcm");
    String ciphertext = t.encrypt("k", SECRET, CONTEXT);

    assertThat(t.decrypt("k", ciphertext, CONTEXT)).isEqualTo(SECRET);
    assertThatThrownBy(() -> t.decrypt("k", ciphertext, "customer-43".getBytes()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
    assertThatThrownBy(() -> t.decrypt("k", ciphertext))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
    // An empty context is the same as none.
    assertThat(t.decrypt("k", t.encrypt("k", SECRET, new byte[0]))).isEqualTo(SECRET);
  }

  @Test
  void aTamperedCiphertextOrOneFromAnotherKeyIsRefusedNot500() {
    t.createKey("k", "aes256-gcm");
    t.createKey("other", "aes256-gcm");
    String ciphertext = t.encrypt("k", SECRET);
    byte[] body = unb64(ciphertext.substring(13));
    body[body.length - 1] ^= 1;

    assertThatThrownBy(() -> t.decrypt("k", "metacrypt:v1:" + b64(body)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
    assertThatThrownBy(() -> t.decrypt("other", ciphertext))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
    assertThatThrownBy(() -> t.decrypt("k", "metacrypt:v1:AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext could not be decrypted");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "vault:v1:AAAA",
        "metacrypt:v1:",
        "metacrypt:v0:AAAA",
        "metacrypt:v01:AAAA",
        "metacrypt:v:AAAA",
        "metacrypt:vx:AAAA",
        "metacrypt:v1AAAA",
        "metacrypt:v1:not base64!",
        "metacrypt:v99999999999:AAAA",
        "metacrypt:v-1:AAAA",
        "METACRYPT:v1:AAAA",
        "metacrypt:v1:AAAA:BBBB"
      })
  void aMalformedCiphertextIsRefused(String ciphertext) {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.decrypt("k", ciphertext))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext is malformed");
  }

  @Test
  void aVersionBelowMinDecryptionVersionIsRefusedNamingBothNumbers() {
    t.createKey("k", "aes256-gcm");
    String v1 = t.encrypt("k", SECRET);
    t.rotate("k", 1);
    String v2 = t.encrypt("k", SECRET);
    t.call("update-key-config", "name", "k", "min_decryption_version", 2);

    assertThatThrownBy(() -> t.decrypt("k", v1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext key version 1 is below min_decryption_version 2");
    assertThat(t.decrypt("k", v2)).isEqualTo(SECRET);

    t.call("update-key-config", "name", "k", "min_decryption_version", 1);
    assertThat(t.decrypt("k", v1)).isEqualTo(SECRET);
  }

  @Test
  void aVersionBeyondTheLatestIsRefused() {
    t.createKey("k", "aes256-gcm");
    String v1 = t.encrypt("k", SECRET);
    assertThatThrownBy(() -> t.decrypt("k", "metacrypt:v2:" + v1.substring(13)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext key version 2 does not exist (latest_version is 1)");
  }

  @Test
  void badRequestFieldsAreRefusedNamingTheField() {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.call("encrypt", "key", "k", "plaintext", "%%%"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("plaintext must be canonical padded base64");
    assertThatThrownBy(() -> t.call("encrypt", "key", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("plaintext is required");
    assertThatThrownBy(() -> t.call("encrypt", "plaintext", b64(SECRET)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("key is required");
    assertThatThrownBy(
            () -> t.call("encrypt", "key", "k", "plaintext", b64(SECRET), "context", "%%%"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("context must be canonical padded base64");
    assertThatThrownBy(
            () -> t.call("encrypt", "key", "k", "plaintext", b64(SECRET), "nonce", "AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown field nonce");
    assertThatThrownBy(() -> t.call("encrypt", "key", "../k", "plaintext", b64(SECRET)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("key must be 1-128 characters");
    assertThatThrownBy(() -> t.call("decrypt", "key", "k", "ciphertext", 7))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext must be a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa-p256", "hmac"})
  void encryptionOperationsNeedAnEncryptionKey(String type) {
    t.createKey("k", type);
    String expected = "needs an encryption key (aes256-gcm or chacha20-poly1305); key k is " + type;
    assertThatThrownBy(() -> t.encrypt("k", SECRET))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("encrypt " + expected);
    assertThatThrownBy(() -> t.decrypt("k", "metacrypt:v1:AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("decrypt " + expected);
    assertThatThrownBy(() -> t.call("rewrap", "key", "k", "ciphertext", "metacrypt:v1:AAAA"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("rewrap " + expected);
    assertThatThrownBy(() -> t.call("datakey", "key", "k", "plaintext", true))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("datakey " + expected);
    assertThatThrownBy(() -> t.call("batch-encrypt", "key", "k", "items", List.of()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("batch-encrypt " + expected);
    assertThatThrownBy(() -> t.call("batch-decrypt", "key", "k", "items", List.of()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("batch-decrypt " + expected);
  }

  @Test
  void rewrapMovesACiphertextToTheLatestVersionKeepingThePlaintext() {
    t.createKey("k", "aes256-gcm");
    String v1 = t.encrypt("k", SECRET, CONTEXT);
    t.rotate("k", 2);

    Map<String, Object> out =
        t.call("rewrap", "key", "k", "ciphertext", v1, "context", b64(CONTEXT));
    assertThat(out).containsEntry("key_version", 3);
    String v3 = (String) out.get("ciphertext");
    assertThat(v3).startsWith("metacrypt:v3:");
    assertThat(t.decrypt("k", v3, CONTEXT)).isEqualTo(SECRET);

    t.call("update-key-config", "name", "k", "min_decryption_version", 3);
    assertThat(t.decrypt("k", v3, CONTEXT)).isEqualTo(SECRET);
    assertThatThrownBy(
            () -> t.call("rewrap", "key", "k", "ciphertext", v1, "context", b64(CONTEXT)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext key version 1 is below min_decryption_version 3");
  }

  @Test
  void datakeyAnswersAWrapped256BitKeyAndThePlaintextOnlyWhenAsked() {
    t.createKey("k", "aes256-gcm");
    t.rotate("k", 1);

    Map<String, Object> both = t.call("datakey", "key", "k", "plaintext", true);
    assertThat(both)
        .containsOnlyKeys("ciphertext", "key_version", "plaintext")
        .containsEntry("key_version", 2);
    byte[] dataKey = unb64((String) both.get("plaintext"));
    assertThat(dataKey).hasSize(32);
    assertThat(t.decrypt("k", (String) both.get("ciphertext"))).isEqualTo(dataKey);

    Map<String, Object> wrapped = t.call("datakey", "key", "k", "plaintext", false);
    assertThat(wrapped).containsOnlyKeys("ciphertext", "key_version");
    assertThat(t.decrypt("k", (String) wrapped.get("ciphertext")))
        .hasSize(32)
        .isNotEqualTo(dataKey);

    Map<String, Object> bound =
        t.call("datakey", "key", "k", "plaintext", false, "context", b64(CONTEXT));
    assertThat(t.decrypt("k", (String) bound.get("ciphertext"), CONTEXT)).hasSize(32);

    assertThatThrownBy(() -> t.call("datakey", "key", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("plaintext is required");
    assertThatThrownBy(() -> t.call("datakey", "key", "k", "plaintext", "yes"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("plaintext must be true or false");
  }

  @Test
  void batchEncryptAnswersOneResultPerItemAndAFailedItemDoesNotFailTheBatch() {
    t.createKey("k", "chacha20-poly1305");
    List<Object> items =
        List.of(
            item("plaintext", b64(SECRET)),
            item("plaintext", "%%%"),
            item("plaintext", b64(SECRET), "context", b64(CONTEXT)),
            item("context", b64(CONTEXT)),
            item("plaintext", b64(SECRET), "extra", 1));

    var results = list(t.call("batch-encrypt", "key", "k", "items", items).get("results"));

    assertThat(results).hasSize(5);
    assertThat(results.get(0)).containsOnlyKeys("ciphertext", "key_version");
    assertThat(t.decrypt("k", (String) results.get(0).get("ciphertext"))).isEqualTo(SECRET);
    assertThat(results.get(1))
        .isEqualTo(Map.of("error", "plaintext must be canonical padded base64"));
    assertThat(t.decrypt("k", (String) results.get(2).get("ciphertext"), CONTEXT))
        .isEqualTo(SECRET);
    assertThat(results.get(3)).isEqualTo(Map.of("error", "plaintext is required"));
    assertThat(results.get(4)).isEqualTo(Map.of("error", "unknown field extra"));
  }

  @Test
  void batchDecryptAnswersPlaintextsAndErrorsInOrder() {
    t.createKey("k", "aes256-gcm");
    String plain = t.encrypt("k", SECRET);
    String bound = t.encrypt("k", SECRET, CONTEXT);
    t.rotate("k", 1);
    t.call("update-key-config", "name", "k", "min_decryption_version", 2);
    String current = t.encrypt("k", "now".getBytes(StandardCharsets.UTF_8));
    List<Object> items =
        List.of(
            item("ciphertext", current),
            item("ciphertext", plain),
            item("ciphertext", "garbage"),
            item("ciphertext", bound, "context", b64(CONTEXT)));

    var results = list(t.call("batch-decrypt", "key", "k", "items", items).get("results"));

    assertThat(results)
        .containsExactly(
            Map.of("plaintext", b64("now".getBytes(StandardCharsets.UTF_8))),
            Map.of("error", "ciphertext key version 1 is below min_decryption_version 2"),
            Map.of("error", "ciphertext is malformed"),
            Map.of("error", "ciphertext key version 1 is below min_decryption_version 2"));
  }

  @Test
  void aBatchHoldsAtMost1000ObjectItems() {
    t.createKey("k", "aes256-gcm");
    List<Object> full = new ArrayList<>(Collections.nCopies(1000, item("plaintext", "")));
    assertThat(list(t.call("batch-encrypt", "key", "k", "items", full).get("results")))
        .hasSize(1000);

    full.add(item("plaintext", ""));
    assertThatThrownBy(() -> t.call("batch-encrypt", "key", "k", "items", full))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("items has more than 1000 items");
    assertThatThrownBy(() -> t.call("batch-decrypt", "key", "k", "items", List.of("x")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("items must hold objects");
    assertThatThrownBy(() -> t.call("batch-decrypt", "key", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("items is required");
  }
}
