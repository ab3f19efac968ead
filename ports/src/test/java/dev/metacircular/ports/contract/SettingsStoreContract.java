package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.storage.out.SettingsStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SettingsStore} must show: opaque bytes, compared by content. */
public abstract class SettingsStoreContract extends StorageContract {

  private SettingsStore store() {
    return fixture().settings();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownNameHasNoValue() {
    assertThat(store().get("kdf.salt")).isEmpty();
  }

  @Test
  void putThenGetReturnsTheSameBytes() {
    store().put("kdf.salt", allByteValues());

    assertThat(store().get("kdf.salt")).get().isEqualTo(allByteValues());
  }

  @Test
  void putReplacesTheValue() {
    store().put("kdf.params", bytes("t=3"));
    store().put("kdf.params", bytes("t=4,m=131072"));

    assertThat(store().get("kdf.params")).get().isEqualTo(bytes("t=4,m=131072"));
  }

  @Test
  void putIfAbsentStoresOnlyTheFirstValue() {
    assertThat(store().putIfAbsent("signing.key", bytes("first"))).isTrue();
    assertThat(store().putIfAbsent("signing.key", bytes("second"))).isFalse();

    assertThat(store().get("signing.key")).get().isEqualTo(bytes("first"));
  }

  @Test
  void putIfAbsentDoesNotReplaceAValueStoredByPut() {
    store().put("signing.key", bytes("first"));

    assertThat(store().putIfAbsent("signing.key", bytes("second"))).isFalse();
    assertThat(store().get("signing.key")).get().isEqualTo(bytes("first"));
  }

  @Test
  void anEmptyValueIsStoredAsEmptyNotAsAbsent() {
    store().put("empty", new byte[0]);

    assertThat(store().get("empty")).get().isEqualTo(new byte[0]);
    assertThat(store().putIfAbsent("empty", bytes("x"))).isFalse();
  }

  @Test
  void largeBinaryValuesRoundTrip() {
    byte[] big = new byte[256 * 1024];
    new Random(42).nextBytes(big);
    store().put("big", big);

    assertThat(store().get("big")).get().isEqualTo(big);
  }

  @Test
  void namesAreIndependent() {
    store().put("a", bytes("1"));
    store().put("b", bytes("2"));
    store().put("a.b", bytes("3"));

    assertThat(store().get("a")).get().isEqualTo(bytes("1"));
    assertThat(store().get("b")).get().isEqualTo(bytes("2"));
    assertThat(store().get("a.b")).get().isEqualTo(bytes("3"));
  }

  @Test
  void theStoreKeepsItsOwnCopyOfEveryValue() {
    byte[] value = bytes("original");
    store().put("k", value);
    value[0] = 'X';
    assertThat(store().get("k")).get().isEqualTo(bytes("original"));

    byte[] read = store().get("k").orElseThrow();
    read[0] = 'Y';
    assertThat(store().get("k")).get().isEqualTo(bytes("original"));

    byte[] absentValue = bytes("first");
    store().putIfAbsent("k2", absentValue);
    absentValue[0] = 'Z';
    assertThat(store().get("k2")).get().isEqualTo(bytes("first"));
  }
}
