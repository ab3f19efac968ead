package dev.metacircular.domain.seal;

import static dev.metacircular.domain.seal.SealFixture.pw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.engine.out.EngineStorage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every barrier value is bound to the path it was written at (its full storage path is the AES-GCM
 * associated data) and every mount's values to that mount's own data encryption key. An attacker
 * with write access to the storage, but no key, can only move ciphertexts around; each test here
 * moves them in one way and checks that the barrier refuses, at every entry point that reads (get,
 * list then get, the mount's DEK on first use) and for values written by every entry point that
 * writes (put, putAll, mount put and putAll). A barrier that dropped the path binding or shared one
 * DEK between mounts fails several of these, not one.
 */
class BarrierBindingTest {

  private SealFixture f;
  private Barrier barrier;

  @BeforeEach
  void unsealed() {
    f = new SealFixture();
    f.seal.initialize(pw("binding password"));
    barrier = f.seal.barrier();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Swaps the stored (sealed) bytes of two storage keys, as an attacker with the file could. */
  private void swap(String a, String c) {
    byte[] first = f.storage.get(a).orElseThrow();
    byte[] second = f.storage.get(c).orElseThrow();
    f.storage.put(a, second);
    f.storage.put(c, first);
  }

  private void assertRefused(Runnable read, String path) {
    assertThatThrownBy(read::run)
        .isInstanceOf(BarrierIntegrityException.class)
        .hasMessage("integrity check failed for " + path);
  }

  @Test
  void systemValuesSwappedBetweenTwoPathsOpenAtNeither() {
    barrier.put("sys/policy/a", b("allow alice"));
    barrier.put("sys/policy/b", b("deny bob"));
    swap("sys/policy/a", "sys/policy/b");

    assertRefused(() -> barrier.get("sys/policy/a"), "sys/policy/a");
    assertRefused(() -> barrier.get("sys/policy/b"), "sys/policy/b");
  }

  @Test
  void valuesWrittenTogetherByPutAllAreEachBoundToTheirOwnPath() {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("sys/batch/x", b("x"));
    writes.put("sys/batch/y", b("y"));
    barrier.putAll(writes);
    swap("sys/batch/x", "sys/batch/y");

    assertRefused(() -> barrier.get("sys/batch/x"), "sys/batch/x");
    assertRefused(() -> barrier.get("sys/batch/y"), "sys/batch/y");
  }

  @Test
  void aValueCopiedToANewPathIsListedThereButDoesNotOpen() {
    barrier.put("sys/listed/one", b("one"));
    f.storage.put("sys/listed/two", f.storage.get("sys/listed/one").orElseThrow());

    assertThat(barrier.list("sys/listed/")).containsExactly("sys/listed/one", "sys/listed/two");
    assertThat(barrier.get("sys/listed/one"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("one")));
    assertRefused(() -> barrier.get("sys/listed/two"), "sys/listed/two");
  }

  @Test
  void mountValuesSwappedWithinAMountOpenAtNeither() {
    EngineStorage kv = barrier.mountStorage("kv");
    kv.put("keys/a", b("key material a"));
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put("keys/b", b("key material b"));
    kv.putAll(writes);
    swap("engine/kv/keys/a", "engine/kv/keys/b");

    assertRefused(() -> kv.get("keys/a"), "engine/kv/keys/a");
    assertRefused(() -> kv.get("keys/b"), "engine/kv/keys/b");
    assertThat(kv.list("keys/")).containsExactly("keys/a", "keys/b");
  }

  @Test
  void aMountValueCopiedToAnotherMountAtTheSameKeyDoesNotOpen() {
    EngineStorage one = barrier.mountStorage("one");
    EngineStorage two = barrier.mountStorage("two");
    one.put("k", b("one's secret"));
    two.put("k", b("two's secret"));
    f.storage.put("engine/two/k", f.storage.get("engine/one/k").orElseThrow());

    assertRefused(() -> two.get("k"), "engine/two/k");
    assertThat(one.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("one's secret")));
  }

  @Test
  void eachMountHasItsOwnDataKeyBoundToItsName() {
    barrier.mountStorage("one").put("k", b("one's secret"));
    barrier.mountStorage("two").put("k", b("two's secret"));
    // Another mount's DEK entry put in place of two's: it does not open there, so two's data
    // is never read with one's key. (After a restart, so no DEK is cached.)
    f.storage.put("sys/deks/two", f.storage.get("sys/deks/one").orElseThrow());
    f.seal.seal(SealFixture.ADMIN);
    f.seal.unseal(pw("binding password"), "127.0.0.1");
    Barrier again = f.seal.barrier();

    assertThat(again.mountStorage("one").get("k"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("one's secret")));
    assertRefused(() -> again.mountStorage("two").get("k"), "sys/deks/two");
  }

  @Test
  void aDestroyedMountsValuesDoNotOpenUnderTheNewMountOfTheSameName() {
    barrier.mountStorage("kv").put("k", b("old secret"));
    byte[] old = f.storage.get("engine/kv/k").orElseThrow();
    barrier.destroyMount("kv");
    barrier.mountStorage("kv").put("other", b("new"));
    // The old ciphertext restored at its old path: a fresh DEK does not open it.
    f.storage.put("engine/kv/k", old);

    assertRefused(() -> barrier.mountStorage("kv").get("k"), "engine/kv/k");
    assertThat(barrier.mountStorage("kv").get("other"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("new")));
  }
}
