package dev.metacircular.domain.engine.transit;

import static dev.metacircular.domain.engine.transit.TransitFixture.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TransitLifecycleTest {

  private static final byte[] SECRET = "payroll".getBytes(StandardCharsets.UTF_8);

  private final TransitFixture t = new TransitFixture();

  @Test
  void onlyKeyManagementAndExportCountAsStateChangesForTheAuditLog() {
    assertThat(t.engine.operations().stream().filter(t.engine::changesState))
        .containsExactlyInAnyOrder(
            "create-key", "rotate-key", "update-key-config", "delete-key", "export-key");
  }

  @Test
  void operationsOnAKeyNameItsPathForTheAcl() {
    var data = dev.metacircular.ports.engine.EngineData.of(java.util.Map.of("key", "payments"));
    assertThat(t.engine.resourcePath("encrypt", data)).isEqualTo("keys/payments");
    assertThat(
            t.engine.resourcePath(
                "rotate-key",
                dev.metacircular.ports.engine.EngineData.of(java.util.Map.of("name", "payments"))))
        .isEqualTo("keys/payments");
    assertThat(
            t.engine.resourcePath(
                "list-keys", dev.metacircular.ports.engine.EngineData.of(java.util.Map.of())))
        .isEqualTo("keys/");
    assertThat(
            t.engine.resourcePath(
                "encrypt", dev.metacircular.ports.engine.EngineData.of(java.util.Map.of("key", 3))))
        .isNull();
  }

  @Test
  void aReopenedEngineKeepsKeysAndDecryptsOldCiphertexts() {
    t.call("create-key", "name", "aead", "type", "chacha20-poly1305", "exportable", true);
    t.createKey("signer", "ecdsa-p256");
    String v1 = t.encrypt("aead", SECRET, "ctx".getBytes(StandardCharsets.UTF_8));
    t.rotate("aead", 2);
    String v3 = t.encrypt("aead", SECRET);
    t.call(
        "update-key-config", "name", "aead", "min_decryption_version", 1, "deletion_allowed", true);
    String signature =
        (String) t.call("sign", "key", "signer", "input", b64(SECRET)).get("signature");
    Map<String, Object> aeadBefore = t.call("get-key", "name", "aead");
    Map<String, Object> signerBefore = t.call("get-key", "name", "signer");
    Map<String, Object> exportBefore = t.call("export-key", "name", "aead");

    t.reopen();

    assertThat(t.call("list-keys")).isEqualTo(Map.of("keys", List.of("aead", "signer")));
    assertThat(t.call("get-key", "name", "aead")).isEqualTo(aeadBefore);
    assertThat(t.call("get-key", "name", "signer")).isEqualTo(signerBefore);
    assertThat(t.call("export-key", "name", "aead")).isEqualTo(exportBefore);
    assertThat(t.decrypt("aead", v1, "ctx".getBytes(StandardCharsets.UTF_8))).isEqualTo(SECRET);
    assertThat(t.decrypt("aead", v3)).isEqualTo(SECRET);
    assertThat(t.call("verify", "key", "signer", "input", b64(SECRET), "signature", signature))
        .isEqualTo(Map.of("valid", true));
  }

  @Test
  void aReopenedEngineKeepsMinDecryptionVersion() {
    t.createKey("k", "aes256-gcm");
    String v1 = t.encrypt("k", SECRET);
    t.rotate("k", 1);
    t.call("update-key-config", "name", "k", "min_decryption_version", 2);

    t.reopen();

    assertThatThrownBy(() -> t.decrypt("k", v1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext key version 1 is below min_decryption_version 2");
    assertThatThrownBy(() -> t.call("delete-key", "name", "k"))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void afterCloseEveryCallIsRefusedAndCloseIsIdempotent() {
    t.createKey("k", "aes256-gcm");
    String ciphertext = t.encrypt("k", SECRET);
    t.engine.close();
    t.engine.close();

    assertThatThrownBy(() -> t.encrypt("k", SECRET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transit engine is closed");
    assertThatThrownBy(() -> t.decrypt("k", ciphertext)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.call("list-keys")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.createKey("other", "hmac"))
        .isInstanceOf(IllegalStateException.class);

    Engine reopened = t.open();
    t.engine = reopened;
    assertThat(t.decrypt("k", ciphertext)).isEqualTo(SECRET);
  }

  @Test
  void closeDestroysTheCachedKeyMaterial() {
    TransitKeys keys = new TransitKeys(t.storage, t.clock);
    TransitEngine engine = new TransitEngine(keys);
    t.engine = engine;
    t.createKey("k", "aes256-gcm");
    t.encrypt("k", SECRET);
    TransitKey cached = keys.require("name", "k");

    engine.close();

    assertThat(cached.versions()).allSatisfy(v -> assertThat(v.key().isDestroyed()).isTrue());
  }

  @Test
  void theHotPathReadsStorageOnlyOncePerKey() {
    t.createKey("k", "aes256-gcm");
    t.reopen();
    int before = t.storage.reads();
    String ciphertext = t.encrypt("k", SECRET);
    int afterFirst = t.storage.reads();
    for (int i = 0; i < 50; i++) {
      t.decrypt("k", t.encrypt("k", SECRET));
    }
    t.decrypt("k", ciphertext);

    assertThat(afterFirst - before).isEqualTo(1);
    assertThat(t.storage.reads()).isEqualTo(afterFirst);
  }

  @Test
  void aDeletedKeyIsGoneForAReopenedEngineToo() {
    t.createKey("k", "hmac");
    t.call("update-key-config", "name", "k", "deletion_allowed", true);
    t.call("delete-key", "name", "k");
    t.reopen();
    assertThatThrownBy(() -> t.call("get-key", "name", "k"))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void aCorruptStoredKeyIsAnInternalFailureNotARefusal() {
    t.createKey("k", "aes256-gcm");
    byte[] stored = t.storage.raw("keys/k");
    t.storage.overwrite("keys/k", Arrays.copyOf(stored, stored.length - 1));
    t.reopen();

    assertThatThrownBy(() -> t.encrypt("k", SECRET))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(DomainException.class)
        .hasMessage("stored transit key k is corrupt");
  }

  @Test
  void concurrentRotationsLoseNoVersionAndConcurrentEncryptionsAllDecrypt() throws Exception {
    t.createKey("k", "aes256-gcm");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> work = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        work.add(
            pool.submit(
                () -> {
                  List<String> ciphertexts = new ArrayList<>();
                  for (int i = 0; i < 10; i++) {
                    t.rotate("k", 1);
                    ciphertexts.add(t.encrypt("k", SECRET));
                  }
                  return ciphertexts;
                }));
      }
      for (Future<List<String>> f : work) {
        for (String ciphertext : f.get()) {
          assertThat(t.decrypt("k", ciphertext)).isEqualTo(SECRET);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(t.call("get-key", "name", "k")).containsEntry("latest_version", 41);
    t.reopen();
    assertThat(t.call("get-key", "name", "k")).containsEntry("latest_version", 41);
  }
}
