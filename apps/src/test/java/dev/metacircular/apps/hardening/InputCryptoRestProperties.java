package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Canonical base64 at the crypto service's REST door: for random bytes, the canonical padded form
 * of a plaintext is accepted and every other form the JDK would also decode (padding dropped, a
 * padding bit set, a line break) is 400; the same for the base64 part of a ciphertext. One value,
 * one text.
 */
class InputCryptoRestProperties {
  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  static Path dir;
  static InputDoors doors;
  static String admin;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("input-crypto-properties");
    doors = new InputDoors(dir);
    admin = doors.cryptoInitAndLogin();
    doors.postJson(
        doors.cryptoUri("/v1/engine/mounts"), admin, Map.of("name", "transit", "type", "transit"));
    InputDoors.Reply key =
        doors.postJson(
            doors.cryptoUri("/v1/engine/request"),
            admin,
            Map.of(
                "mount",
                "transit",
                "operation",
                "create-key",
                "data",
                Map.of("name", "k", "type", "aes256-gcm")));
    assertThat(key.status()).as(key.body()).isEqualTo(200);
  }

  @AfterContainer
  static void stop() {
    doors.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputDoors.Reply transit(String operation, Map<String, Object> data) {
    return doors.postJson(
        doors.cryptoUri("/v1/engine/request"),
        admin,
        Map.of("mount", "transit", "operation", operation, "data", data));
  }

  @Property(tries = 40)
  void onlyTheCanonicalFormOfAPlaintextOrCiphertextIsAccepted(
      @ForAll @Size(min = 1, max = 48) byte[] bytes, @ForAll @IntRange(min = 1, max = 3) int bits) {
    String canonical = Base64.getEncoder().encodeToString(bytes);
    InputDoors.Reply encrypted = transit("encrypt", Map.of("key", "k", "plaintext", canonical));
    assertThat(encrypted.status()).as(encrypted.body()).isEqualTo(200);
    String ciphertext = encrypted.json().get("data").get("ciphertext").asText();

    for (String other : nonCanonical(bytes, bits)) {
      InputDoors.Reply r = transit("encrypt", Map.of("key", "k", "plaintext", other));
      assertThat(r.status()).as(other).isEqualTo(400);
      assertThat(r.json().get("error").asText())
          .isEqualTo("plaintext must be canonical padded base64");
    }

    String prefix = ciphertext.substring(0, ciphertext.lastIndexOf(':') + 1);
    byte[] sealed = Base64.getDecoder().decode(ciphertext.substring(prefix.length()));
    InputDoors.Reply decrypted = transit("decrypt", Map.of("key", "k", "ciphertext", ciphertext));
    assertThat(decrypted.status()).as(decrypted.body()).isEqualTo(200);
    assertThat(decrypted.json().get("data").get("plaintext").asText()).isEqualTo(canonical);
    for (String other : nonCanonical(sealed, bits)) {
      InputDoors.Reply r = transit("decrypt", Map.of("key", "k", "ciphertext", prefix + other));
      assertThat(r.status()).as(other).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isEqualTo("ciphertext is malformed");
    }
  }

  /** Forms the JDK's decoder takes for {@code bytes} (or would, but for the line break). */
  static List<String> nonCanonical(byte[] bytes, int bits) {
    String canonical = Base64.getEncoder().encodeToString(bytes);
    List<String> forms = new ArrayList<>();
    int pad = canonical.endsWith("==") ? 2 : canonical.endsWith("=") ? 1 : 0;
    if (pad > 0) {
      forms.add(canonical.substring(0, canonical.length() - pad));
      int unused = pad == 2 ? 0x0f : 0x03;
      int index = canonical.length() - pad - 1;
      int dirtyBits = (bits & unused) == 0 ? 1 : bits & unused;
      char dirty = ALPHABET.charAt(ALPHABET.indexOf(canonical.charAt(index)) | dirtyBits);
      String form = canonical.substring(0, index) + dirty + canonical.substring(index + 1);
      assertThat(Base64.getDecoder().decode(form)).isEqualTo(bytes);
      forms.add(form);
    }
    if (canonical.length() > 4) {
      forms.add(canonical.substring(0, 4) + "\r\n" + canonical.substring(4));
    }
    return forms;
  }
}
