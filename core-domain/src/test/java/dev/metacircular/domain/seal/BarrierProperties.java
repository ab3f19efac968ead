package dev.metacircular.domain.seal;

import static dev.metacircular.domain.seal.SealFixture.pw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.engine.out.EngineStorage;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * DESIGN.md §6: any bytes round-trip through the barrier; a flipped bit or a value moved to another
 * path never opens. One barrier is shared by the tries (init costs a key derivation).
 */
class BarrierProperties {

  private static final SealFixture F = new SealFixture();

  static {
    F.seal.initialize(pw("property password"));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
  }

  @Property(tries = 300)
  void anySystemValueRoundTrips(
      @ForAll("names") String name, @ForAll @Size(max = 4096) byte[] value) {
    Barrier barrier = F.seal.barrier();
    barrier.put("sys/p/" + name, value);
    assertThat(barrier.get("sys/p/" + name))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
  }

  @Property(tries = 300)
  void anyEngineValueRoundTrips(
      @ForAll("names") String name, @ForAll @Size(max = 4096) byte[] value) {
    EngineStorage storage = F.seal.barrier().mountStorage("props");
    storage.put("d/" + name, value);
    assertThat(storage.get("d/" + name)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
  }

  @Property(tries = 300)
  void aFlippedBitAnywhereNeverOpens(
      @ForAll @Size(min = 1, max = 256) byte[] value,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll boolean engine) {
    String logical = engine ? "flip" : "sys/flip";
    String physical = engine ? "engine/props/flip" : "sys/flip";
    if (engine) {
      F.seal.barrier().mountStorage("props").put(logical, value);
    } else {
      F.seal.barrier().put(logical, value);
    }
    byte[] stored = F.storage.get(physical).orElseThrow();
    int bit = position % (stored.length * 8);
    stored[bit / 8] ^= (byte) (1 << (bit % 8));
    F.storage.put(physical, stored);
    assertThatThrownBy(
            () -> {
              if (engine) {
                F.seal.barrier().mountStorage("props").get(logical);
              } else {
                F.seal.barrier().get(logical);
              }
            })
        .isInstanceOf(BarrierIntegrityException.class)
        .hasMessageContaining(physical);
  }

  @Property(tries = 100)
  void aValueCopiedToAnotherPathOrMountNeverOpens(
      @ForAll @Size(min = 0, max = 256) byte[] value, @ForAll("names") String other) {
    Barrier barrier = F.seal.barrier();
    barrier.put("sys/src", value);
    F.storage.put("sys/dst-" + other, F.storage.get("sys/src").orElseThrow());
    assertThatThrownBy(() -> barrier.get("sys/dst-" + other))
        .isInstanceOf(BarrierIntegrityException.class);

    barrier.mountStorage("one").put("k", value);
    F.storage.put("engine/two/k", F.storage.get("engine/one/k").orElseThrow());
    F.storage.put("engine/one/k2", F.storage.get("engine/one/k").orElseThrow());
    assertThatThrownBy(() -> barrier.mountStorage("two").get("k"))
        .isInstanceOf(BarrierIntegrityException.class);
    assertThatThrownBy(() -> barrier.mountStorage("one").get("k2"))
        .isInstanceOf(BarrierIntegrityException.class);
  }

  @Property(tries = 100)
  void storageNeverHoldsThePlaintext(@ForAll @Size(min = 16, max = 512) byte[] value) {
    F.seal.barrier().put("sys/plain", value);
    F.seal.barrier().mountStorage("props").put("plain", value);
    for (String key : F.storage.list("")) {
      byte[] stored = F.storage.get(key).orElseThrow();
      assertThat(indexOf(stored, value)).as(key).isEqualTo(-1);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return Arrays.equals(needle, new byte[0]) ? 0 : -1;
  }
}
