package dev.metacircular.rest.transit;

import static dev.metacircular.rest.transit.TransitFixture.list;
import static dev.metacircular.rest.transit.TransitFixture.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.TransitOperations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitKeyAdministrationTest {

  private final TransitFixture t = new TransitFixture();

  @ParameterizedTest
  @ValueSource(strings = {"aes256-gcm", "chacha20-poly1305", "ed25519", "ecdsa-p256", "hmac"})
  void createKeyAnswersMetadataAndGetKeyTheSame(String type) {
    Map<String, Object> created = t.call("create-key", "name", "k", "type", type);

    assertThat(created)
        .containsEntry("name", "k")
        .containsEntry("type", type)
        .containsEntry("latest_version", 1)
        .containsEntry("min_decryption_version", 1)
        .containsEntry("deletion_allowed", false)
        .containsEntry("exportable", false)
        .containsOnlyKeys(
            "name",
            "type",
            "latest_version",
            "min_decryption_version",
            "deletion_allowed",
            "exportable",
            "versions");
    Map<String, Object> v1 = list(created.get("versions")).get(0);
    assertThat(v1).containsEntry("version", 1).containsEntry("created_at", "2026-03-01T10:00:00Z");
    if (type.startsWith("ed") || type.startsWith("ecdsa")) {
      assertThat((String) v1.get("public_key")).startsWith("-----BEGIN PUBLIC KEY-----\n");
    } else {
      assertThat(v1).doesNotContainKey("public_key");
    }
    assertThat(t.call("get-key", "name", "k")).isEqualTo(created);
  }

  @Test
  void metadataNeverCarriesSecretMaterial() {
    t.call("create-key", "name", "k", "type", "aes256-gcm", "exportable", true);
    String raw = (String) ((Map<?, ?>) t.call("export-key", "name", "k").get("keys")).get("1");

    assertThat(t.call("get-key", "name", "k").toString()).doesNotContain(raw);
    assertThat(t.call("rotate-key", "name", "k").toString()).doesNotContain(raw);
  }

  @Test
  void aTakenNameIsAConflict() {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.createKey("k", "hmac"))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("key k already exists");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a b", "ключ", "a:b"})
  void badNamesAreRefused(String name) {
    assertThatThrownBy(() -> t.createKey(name, "aes256-gcm"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("name must be 1-128 characters");
    assertThat(t.storage.list("")).isEmpty();
  }

  @Test
  void namesUpTo128AllowedCharactersAreAccepted() {
    String longest = "A".repeat(126) + ".-";
    t.createKey(longest, "hmac");
    t.createKey("Payments_v2.eu-west", "hmac");
    assertThat(t.call("list-keys").get("keys"))
        .isEqualTo(java.util.List.of(longest, "Payments_v2.eu-west"));
    assertThatThrownBy(() -> t.createKey("A".repeat(129), "hmac"))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void anUnknownTypeOrFieldIsRefused() {
    assertThatThrownBy(() -> t.createKey("k", "rsa-2048"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("type must be one of aes256-gcm, chacha20-poly1305, ed25519, ecdsa-p256, hmac");
    assertThatThrownBy(() -> t.call("create-key", "name", "k", "type", "hmac", "derived", true))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown field derived");
    assertThatThrownBy(() -> t.call("create-key", "name", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("type is required");
    assertThatThrownBy(() -> t.call("create-key", "name", "k", "type", "hmac", "exportable", "yes"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("exportable must be true or false");
  }

  @Test
  void anUnknownKeyIsNotFound() {
    assertThatThrownBy(() -> t.call("get-key", "name", "nope"))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("key nope not found");
    assertThatThrownBy(() -> t.call("rotate-key", "name", "nope"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(() -> t.encrypt("nope", new byte[1]))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void listKeysAnswersNamesAscendingAndTakesNoFields() {
    t.createKey("b", "hmac");
    t.createKey("a", "ed25519");
    t.createKey("c", "aes256-gcm");
    assertThat(t.call("list-keys")).isEqualTo(Map.of("keys", java.util.List.of("a", "b", "c")));
    assertThatThrownBy(() -> t.call("list-keys", "prefix", "a"))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void rotateAddsAVersionStampedByTheClock() {
    t.createKey("k", "ed25519");
    t.clock.advance(Duration.ofDays(30));
    Map<String, Object> rotated = t.call("rotate-key", "name", "k");

    assertThat(rotated)
        .containsEntry("latest_version", 2)
        .containsEntry("min_decryption_version", 1);
    var versions = list(rotated.get("versions"));
    assertThat(versions).extracting(v -> v.get("version")).containsExactly(1, 2);
    assertThat(versions.get(1)).containsEntry("created_at", "2026-03-31T10:00:00Z");
    assertThat(versions.get(1).get("public_key")).isNotEqualTo(versions.get(0).get("public_key"));
  }

  @Test
  void minDecryptionVersionMoves1ToLatestBothWays() {
    t.createKey("k", "aes256-gcm");
    t.rotate("k", 2);
    assertThat(t.call("update-key-config", "name", "k", "min_decryption_version", 3))
        .containsEntry("min_decryption_version", 3);
    assertThat(t.call("update-key-config", "name", "k", "min_decryption_version", 1))
        .containsEntry("min_decryption_version", 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 4})
  void minDecryptionVersionOutside1ToLatestIsRefused(int min) {
    t.createKey("k", "aes256-gcm");
    t.rotate("k", 2);
    assertThatThrownBy(
            () -> t.call("update-key-config", "name", "k", "min_decryption_version", min))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("min_decryption_version must be between 1 and latest_version 3");
    assertThat(t.call("get-key", "name", "k")).containsEntry("min_decryption_version", 1);
  }

  @Test
  void updateKeyConfigRefusesAnEmptyOrMistypedUpdate() {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.call("update-key-config", "name", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("nothing to update: give min_decryption_version or deletion_allowed");
    assertThatThrownBy(
            () -> t.call("update-key-config", "name", "k", "min_decryption_version", "2"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("min_decryption_version must be a whole number");
    assertThatThrownBy(() -> t.call("update-key-config", "name", "k", "exportable", true))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown field exportable");
  }

  @Test
  void deleteIsForbiddenUntilDeletionIsAllowed() {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.call("delete-key", "name", "k"))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("key k does not allow deletion: set deletion_allowed first");
    assertThat(t.call("get-key", "name", "k")).isNotNull();

    assertThat(t.call("update-key-config", "name", "k", "deletion_allowed", true))
        .containsEntry("deletion_allowed", true);
    assertThat(t.call("delete-key", "name", "k")).isEqualTo(Map.of("name", "k", "deleted", true));

    assertThatThrownBy(() -> t.call("get-key", "name", "k"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(t.storage.list("")).isEmpty();
    assertThat(t.call("list-keys")).isEqualTo(Map.of("keys", java.util.List.of()));
    t.createKey("k", "hmac");
    assertThat(t.call("get-key", "name", "k")).containsEntry("type", "hmac");
  }

  @Test
  void exportIsForbiddenForAKeyNotCreatedExportable() {
    t.createKey("k", "aes256-gcm");
    assertThatThrownBy(() -> t.call("export-key", "name", "k"))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("key k is not exportable: only keys created with exportable=true are");
  }

  @Test
  void anExportedKeyDecryptsTheEnginesCiphertextsWithPlainAesGcm() throws Exception {
    t.call("create-key", "name", "k", "type", "aes256-gcm", "exportable", true);
    byte[] context = "tenant-7".getBytes(StandardCharsets.UTF_8);
    String ciphertext = t.encrypt("k", "hello".getBytes(StandardCharsets.UTF_8), context);

    Map<String, Object> exported = t.call("export-key", "name", "k");
    assertThat(exported).containsEntry("name", "k").containsEntry("type", "aes256-gcm");
    byte[] raw = unb64((String) ((Map<?, ?>) exported.get("keys")).get("1"));
    byte[] body = unb64(ciphertext.substring("metacrypt:v1:".length()));

    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(raw, "AES"), new GCMParameterSpec(128, body, 0, 12));
    gcm.updateAAD(context);
    assertThat(new String(gcm.doFinal(body, 12, body.length - 12), StandardCharsets.UTF_8))
        .isEqualTo("hello");
  }

  @Test
  void exportAnswersVersionsFromMinDecryptionVersionOrTheOneAskedFor() {
    t.call("create-key", "name", "k", "type", "ed25519", "exportable", true);
    t.rotate("k", 2);
    t.call("update-key-config", "name", "k", "min_decryption_version", 2);

    Map<?, ?> all = (Map<?, ?>) t.call("export-key", "name", "k").get("keys");
    assertThat(List.copyOf(all.keySet())).isEqualTo(List.of("2", "3"));
    assertThat(unb64((String) all.get("2"))).hasSize(32);
    Map<?, ?> one = (Map<?, ?>) t.call("export-key", "name", "k", "version", 3).get("keys");
    assertThat(one).isEqualTo(Map.of("3", all.get("3")));
    assertThatThrownBy(() -> t.call("export-key", "name", "k", "version", 1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("export key version 1 is below min_decryption_version 2");
    assertThatThrownBy(() -> t.call("export-key", "name", "k", "version", 4))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("export key version 4 does not exist (latest_version is 3)");
  }

  @Test
  void anUnknownOperationIsRefusedAndOperationsListsEveryOne() {
    assertThatThrownBy(() -> t.call("trim-key", "name", "k"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown operation trim-key for engine type transit");
    assertThat(TransitOperations.ALL.stream().map(Operation::name))
        .containsExactlyInAnyOrder(
            "create-key",
            "get-key",
            "list-keys",
            "rotate-key",
            "update-key-config",
            "delete-key",
            "export-key",
            "encrypt",
            "decrypt",
            "rewrap",
            "datakey",
            "batch-encrypt",
            "batch-decrypt",
            "sign",
            "verify",
            "hmac",
            "verify-hmac");
  }

  @Test
  void theEngineTypeIsTransitAndTakesNoConfig() {
    TransitEngineType type = new TransitEngineType();
    assertThat(type.type()).isEqualTo("transit");
    assertThat(type.validateConfig(Map.of())).isEmpty();
    assertThat(type.validateConfig(null)).isEmpty();
    assertThatThrownBy(() -> type.validateConfig(Map.of("max_versions", 5)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("engine type transit takes no config");
  }
}
