package dev.metacircular.rest.transit;

import static dev.metacircular.rest.transit.TransitFixture.b64;
import static dev.metacircular.rest.transit.TransitFixture.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The transit promises as properties: any plaintext round-trips through every key type; exactly the
 * versions at or above min_decryption_version are accepted; rewrap keeps the plaintext; no
 * ciphertext text makes the engine fail with anything but a refusal.
 */
class TransitEngineProperties {

  private static final String[] TYPES = {
    "aes256-gcm", "chacha20-poly1305", "ed25519", "ecdsa-p256", "hmac"
  };
  private static final String[] AEAD_TYPES = {"aes256-gcm", "chacha20-poly1305"};

  /** One engine with a key of every type, shared by the round-trip properties. */
  private static final TransitFixture SHARED = sharedFixture();

  private static TransitFixture sharedFixture() {
    TransitFixture t = new TransitFixture();
    for (String type : TYPES) {
      t.createKey(type, type);
    }
    return t;
  }

  @Property(tries = 100)
  void anyPlaintextRoundTripsThroughEveryKeyType(
      @ForAll @Size(max = 2048) byte[] plaintext, @ForAll @Size(max = 64) byte[] context) {
    for (String type : TYPES) {
      assertThat(roundTrips(SHARED, type, plaintext, context)).as(type).isTrue();
    }
  }

  @Property(tries = 30)
  void exactlyVersionsFromMinDecryptionVersionUpAreAccepted(
      @ForAll @IntRange(min = 0, max = 4) int rotations,
      @ForAll @IntRange(min = 1, max = 5) int minWanted,
      @ForAll @Size(max = 256) byte[] plaintext) {
    TransitFixture t = new TransitFixture();
    for (String type : TYPES) {
      t.createKey(type, type);
      List<String> outputs = new ArrayList<>();
      outputs.add(produce(t, type, plaintext));
      for (int r = 0; r < rotations; r++) {
        t.rotate(type, 1);
        outputs.add(produce(t, type, plaintext));
      }
      int latest = rotations + 1;
      int min = Math.min(minWanted, latest);
      t.call("update-key-config", "name", type, "min_decryption_version", min);

      for (int v = 1; v <= latest; v++) {
        String output = outputs.get(v - 1);
        assertThat(output).startsWith("metacrypt:v" + v + ":");
        if (v >= min) {
          assertThat(accepts(t, type, plaintext, output))
              .as("%s v%d min %d", type, v, min)
              .isTrue();
        } else {
          int version = v;
          assertThatThrownBy(() -> accepts(t, type, plaintext, output))
              .as("%s v%d min %d", type, v, min)
              .isInstanceOf(DomainException.InvalidInput.class)
              .hasMessageEndingWith(
                  "key version " + version + " is below min_decryption_version " + min);
        }
      }
    }
  }

  @Property(tries = 50)
  void rewrapPreservesThePlaintext(
      @ForAll @Size(max = 1024) byte[] plaintext,
      @ForAll @Size(max = 32) byte[] context,
      @ForAll @IntRange(min = 0, max = 3) int rotations) {
    TransitFixture t = new TransitFixture();
    for (String type : AEAD_TYPES) {
      t.createKey(type, type);
      String ciphertext = t.encrypt(type, plaintext, context);
      t.rotate(type, rotations);

      Map<String, Object> rewrapped =
          t.call("rewrap", "key", type, "ciphertext", ciphertext, "context", b64(context));

      assertThat(rewrapped).containsEntry("key_version", rotations + 1);
      assertThat(t.decrypt(type, (String) rewrapped.get("ciphertext"), context))
          .isEqualTo(plaintext);
    }
  }

  @Property(tries = 200)
  void anyCiphertextTextIsDecryptedOrRefusedNeverBroken(
      @ForAll("ciphertextLike") String ciphertext) {
    for (String type : AEAD_TYPES) {
      // A random text never forges a ciphertext: it must be refused, and only as bad input.
      assertThatThrownBy(() -> SHARED.decrypt(type, ciphertext))
          .isInstanceOf(DomainException.InvalidInput.class)
          .extracting(Throwable::getMessage)
          .asString()
          .matches(
              "ciphertext is malformed|ciphertext could not be decrypted"
                  + "|ciphertext key version [0-9]+ does not exist \\(latest_version is 1\\)");
    }
  }

  @Provide
  Arbitrary<String> ciphertextLike() {
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(80);
    Arbitrary<String> base64ish =
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=:")
            .ofMaxLength(80);
    return Arbitraries.oneOf(
        anything, base64ish.map(s -> "metacrypt:v1:" + s), base64ish.map(s -> "metacrypt:v" + s));
  }

  /** Encrypts, signs or MACs {@code plaintext} with the key called {@code type}. */
  private static String produce(TransitFixture t, String type, byte[] plaintext) {
    switch (type) {
      case "ed25519":
      case "ecdsa-p256":
        return (String) t.call("sign", "key", type, "input", b64(plaintext)).get("signature");
      case "hmac":
        return (String) t.call("hmac", "key", type, "input", b64(plaintext)).get("hmac");
      default:
        return t.encrypt(type, plaintext);
    }
  }

  /** Decrypts (to {@code plaintext}) or verifies {@code output}; refusals propagate. */
  private static boolean accepts(TransitFixture t, String type, byte[] plaintext, String output) {
    switch (type) {
      case "ed25519":
      case "ecdsa-p256":
        return Boolean.TRUE.equals(
            t.call("verify", "key", type, "input", b64(plaintext), "signature", output)
                .get("valid"));
      case "hmac":
        return Boolean.TRUE.equals(
            t.call("verify-hmac", "key", type, "input", b64(plaintext), "hmac", output)
                .get("valid"));
      default:
        return Arrays.equals(plaintext, t.decrypt(type, output));
    }
  }

  private static boolean roundTrips(
      TransitFixture t, String type, byte[] plaintext, byte[] context) {
    switch (type) {
      case "ed25519":
      case "ecdsa-p256":
      case "hmac":
        return accepts(t, type, plaintext, produce(t, type, plaintext));
      default:
        String ciphertext = t.encrypt(type, plaintext, context);
        return Arrays.equals(plaintext, t.decrypt(type, ciphertext, context))
            && unb64(ciphertext.substring(ciphertext.indexOf(':', 11) + 1)).length
                == plaintext.length + 28;
    }
  }
}
