package dev.metacircular.domain.engine.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.ExportKey;
import dev.metacircular.ports.transit.in.ExportedKey;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.ListKeys;
import dev.metacircular.ports.transit.in.Sign;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.ports.transit.in.UpdateKeyConfig;
import dev.metacircular.ports.transit.in.Verify;
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
    assertThat(TransitOperations.ALL.stream().filter(Operation::changesState).map(Operation::name))
        .containsExactlyInAnyOrder(
            "create-key", "rotate-key", "update-key-config", "delete-key", "export-key");
  }

  @Test
  void operationsOnAKeyNameItsPathForTheAcl() {
    assertThat(TransitOperations.ENCRYPT.resource().of(new Encrypt("payments", new byte[0], null)))
        .isEqualTo("keys/payments");
    assertThat(TransitOperations.ROTATE_KEY.resource().of(new KeyName("payments")))
        .isEqualTo("keys/payments");
    assertThat(TransitOperations.LIST_KEYS.resource().of(new ListKeys())).isEqualTo("keys/");
    // From a JSON request's unchecked data: never throws, names no path for a bad value.
    assertThat(TransitOperations.ENCRYPT.resource().ofRaw(Map.of("key", "payments")::get))
        .isEqualTo("keys/payments");
    assertThat(TransitOperations.ENCRYPT.resource().ofRaw(Map.of("key", 3)::get)).isNull();
    assertThat(TransitOperations.ENCRYPT.resource().ofRaw(Map.<String, Object>of()::get)).isNull();
    assertThat(TransitOperations.LIST_KEYS.resource().ofRaw(Map.<String, Object>of()::get))
        .isEqualTo("keys/");
  }

  @Test
  void everyOperationHasAHandlerAndAnUnboundOneIsRefused() {
    TransitEngine engine = new TransitEngine(new TransitKeys(t.storage, t.clock));
    Operation<KeyName, KeyInfo> foreign =
        Operation.reading("transit", "get-key", KeyName.class, KeyInfo.class, ResourcePath.none());
    assertThatThrownBy(() -> engine.handle(foreign, new KeyName("k"), Caller.offlineTool("test")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown operation get-key for engine type transit");
  }

  @Test
  void aReopenedEngineKeepsKeysAndDecryptsOldCiphertexts() {
    t.run(TransitOperations.CREATE_KEY, new CreateKey("aead", "chacha20-poly1305", true));
    t.createKey("signer", "ecdsa-p256");
    TransitValue v1 = t.encrypt("aead", SECRET, "ctx".getBytes(StandardCharsets.UTF_8));
    t.rotate("aead", 2);
    TransitValue v3 = t.encrypt("aead", SECRET);
    t.run(TransitOperations.UPDATE_KEY_CONFIG, new UpdateKeyConfig("aead", 1, true));
    TransitValue signature =
        t.run(TransitOperations.SIGN, new Sign("signer", SECRET.clone())).signature();
    KeyInfo aeadBefore = t.run(TransitOperations.GET_KEY, new KeyName("aead"));
    KeyInfo signerBefore = t.run(TransitOperations.GET_KEY, new KeyName("signer"));
    ExportedKey exportBefore = t.run(TransitOperations.EXPORT_KEY, new ExportKey("aead", null));

    t.reopen();

    assertThat(t.run(TransitOperations.LIST_KEYS, new ListKeys()).keys())
        .containsExactly("aead", "signer");
    assertThat(t.run(TransitOperations.GET_KEY, new KeyName("aead"))).isEqualTo(aeadBefore);
    assertThat(t.run(TransitOperations.GET_KEY, new KeyName("signer"))).isEqualTo(signerBefore);
    assertThat(t.run(TransitOperations.EXPORT_KEY, new ExportKey("aead", null)))
        .isEqualTo(exportBefore);
    assertThat(t.decrypt("aead", v1, "ctx".getBytes(StandardCharsets.UTF_8))).isEqualTo(SECRET);
    assertThat(t.decrypt("aead", v3)).isEqualTo(SECRET);
    assertThat(
            t.run(TransitOperations.VERIFY, new Verify("signer", SECRET.clone(), signature))
                .valid())
        .isTrue();
  }

  @Test
  void aReopenedEngineKeepsMinDecryptionVersion() {
    t.createKey("k", "aes256-gcm");
    TransitValue v1 = t.encrypt("k", SECRET);
    t.rotate("k", 1);
    t.run(TransitOperations.UPDATE_KEY_CONFIG, new UpdateKeyConfig("k", 2, null));

    t.reopen();

    assertThatThrownBy(() -> t.decrypt("k", v1))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("ciphertext key version 1 is below min_decryption_version 2");
    assertThatThrownBy(() -> t.run(TransitOperations.DELETE_KEY, new KeyName("k")))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void afterCloseEveryCallIsRefusedAndCloseIsIdempotent() {
    t.createKey("k", "aes256-gcm");
    TransitValue ciphertext = t.encrypt("k", SECRET);
    t.engine.close();
    t.engine.close();

    assertThatThrownBy(() -> t.encrypt("k", SECRET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transit engine is closed");
    assertThatThrownBy(() -> t.decrypt("k", ciphertext)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.run(TransitOperations.LIST_KEYS, new ListKeys()))
        .isInstanceOf(IllegalStateException.class);
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
    TransitValue ciphertext = t.encrypt("k", SECRET);
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
    t.run(TransitOperations.UPDATE_KEY_CONFIG, new UpdateKeyConfig("k", null, true));
    t.run(TransitOperations.DELETE_KEY, new KeyName("k"));
    t.reopen();
    assertThatThrownBy(() -> t.run(TransitOperations.GET_KEY, new KeyName("k")))
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
      List<Future<List<TransitValue>>> work = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        work.add(
            pool.submit(
                () -> {
                  List<TransitValue> ciphertexts = new ArrayList<>();
                  for (int i = 0; i < 10; i++) {
                    t.rotate("k", 1);
                    ciphertexts.add(t.encrypt("k", SECRET));
                  }
                  return ciphertexts;
                }));
      }
      for (Future<List<TransitValue>> f : work) {
        for (TransitValue ciphertext : f.get()) {
          assertThat(t.decrypt("k", ciphertext)).isEqualTo(SECRET);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(t.run(TransitOperations.GET_KEY, new KeyName("k")).latestVersion()).isEqualTo(41);
    t.reopen();
    assertThat(t.run(TransitOperations.GET_KEY, new KeyName("k")).latestVersion()).isEqualTo(41);
  }
}
