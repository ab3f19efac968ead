package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SealingKeyProperties {

  private static final SecretBytes MATERIAL = SecretBytes.random(32);
  private static final SealingKey KEY = new SealingKey(17, MATERIAL);
  private static final SealingKey OTHER_KEY = SealingKey.generate(17);

  @Property(tries = 200)
  void anyBytesAndAadRoundTrip(
      @ForAll @Size(max = 2048) byte[] plaintext, @ForAll @Size(max = 256) byte[] aad) {
    byte[] sealed = KEY.seal(plaintext, aad);
    assertThat(sealed).hasSize(plaintext.length + SealedFormat.OVERHEAD);
    assertThat(KEY.open(sealed, aad)).isEqualTo(plaintext);
  }

  @Property(tries = 200)
  void aFlippedBitAnywhereNeverOpens(
      @ForAll @Size(max = 256) byte[] plaintext,
      @ForAll @Size(max = 64) byte[] aad,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    byte[] sealed = KEY.seal(plaintext, aad);
    int index = position % sealed.length;
    sealed[index] ^= (byte) (1 << bit);
    assertThatThrownBy(() -> KEY.open(sealed, aad)).isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 200)
  void truncatedNeverOpens(
      @ForAll @Size(max = 256) byte[] plaintext, @ForAll @IntRange(min = 1, max = 300) int cut) {
    byte[] sealed = KEY.seal(plaintext, null);
    byte[] truncated = Arrays.copyOf(sealed, Math.max(0, sealed.length - cut));
    assertThatThrownBy(() -> KEY.open(truncated, null)).isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 200)
  void aWrongKeyNeverOpens(
      @ForAll @Size(max = 256) byte[] plaintext, @ForAll @Size(max = 64) byte[] aad) {
    byte[] sealed = KEY.seal(plaintext, aad);
    assertThatThrownBy(() -> OTHER_KEY.open(sealed, aad)).isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 200)
  void aWrongKeyIdNeverOpens(@ForAll @Size(max = 256) byte[] plaintext, @ForAll int otherId) {
    byte[] sealed = KEY.seal(plaintext, null);
    SealingKey sameMaterialOtherId = sameMaterial(otherId == KEY.keyId() ? otherId + 1 : otherId);
    assertThatThrownBy(() -> sameMaterialOtherId.open(sealed, null))
        .isInstanceOf(IntegrityException.class);
  }

  @Property(tries = 200)
  void aWrongAadNeverOpens(
      @ForAll @Size(max = 256) byte[] plaintext,
      @ForAll @Size(max = 64) byte[] aad,
      @ForAll @Size(max = 64) byte[] otherAad) {
    byte[] sealed = KEY.seal(plaintext, aad);
    if (Arrays.equals(aad, otherAad)) {
      assertThat(KEY.open(sealed, otherAad)).isEqualTo(plaintext);
    } else {
      assertThatThrownBy(() -> KEY.open(sealed, otherAad)).isInstanceOf(IntegrityException.class);
    }
  }

  @Property(tries = 100)
  void relabellingTheKeyIdOfAValueNeverOpens(
      @ForAll @Size(max = 128) byte[] plaintext, @ForAll int otherId) {
    int id = otherId == KEY.keyId() ? otherId + 1 : otherId;
    byte[] sealed = KEY.seal(plaintext, null);
    SealedFormat.writeInt(sealed, 1, id);
    SealingKey sameMaterialOtherId = sameMaterial(id);
    assertThatThrownBy(() -> sameMaterialOtherId.open(sealed, null))
        .isInstanceOf(IntegrityException.class);
  }

  private static SealingKey sameMaterial(int keyId) {
    return new SealingKey(keyId, MATERIAL);
  }
}
