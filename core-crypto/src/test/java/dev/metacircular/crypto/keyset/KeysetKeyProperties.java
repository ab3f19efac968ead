package dev.metacircular.crypto.keyset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.IntegrityException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class KeysetKeyProperties {

  private static final AeadKeyset AES = (AeadKeyset) KeysetKey.generate(KeyType.AES256_GCM);
  private static final AeadKeyset CHACHA =
      (AeadKeyset) KeysetKey.generate(KeyType.CHACHA20_POLY1305);
  private static final SigningKeyset ED25519 = (SigningKeyset) KeysetKey.generate(KeyType.ED25519);
  private static final SigningKeyset ECDSA = (SigningKeyset) KeysetKey.generate(KeyType.ECDSA_P256);
  private static final MacKeyset HMAC = (MacKeyset) KeysetKey.generate(KeyType.HMAC_SHA256);

  @Property(tries = 100)
  void anyBytesAndAssociatedDataRoundTrip(
      @ForAll @Size(max = 2048) byte[] plaintext, @ForAll @Size(max = 128) byte[] aad) {
    for (AeadKeyset key : new AeadKeyset[] {AES, CHACHA}) {
      byte[] ct = key.encrypt(plaintext, aad);
      assertThat(ct).hasSize(plaintext.length + AeadKeyset.OVERHEAD);
      assertThat(key.decrypt(ct, aad)).isEqualTo(plaintext);
    }
  }

  @Property(tries = 100)
  void aFlippedBitAnywhereNeverDecrypts(
      @ForAll @Size(max = 256) byte[] plaintext,
      @ForAll @Size(max = 32) byte[] aad,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    for (AeadKeyset key : new AeadKeyset[] {AES, CHACHA}) {
      byte[] ct = key.encrypt(plaintext, aad);
      ct[position % ct.length] ^= (byte) (1 << bit);
      assertThatThrownBy(() -> key.decrypt(ct, aad)).isInstanceOf(IntegrityException.class);
    }
  }

  @Property(tries = 100)
  void anotherAssociatedDataNeverDecrypts(
      @ForAll @Size(max = 256) byte[] plaintext,
      @ForAll @Size(max = 32) byte[] aad,
      @ForAll @Size(max = 32) byte[] otherAad) {
    for (AeadKeyset key : new AeadKeyset[] {AES, CHACHA}) {
      byte[] ct = key.encrypt(plaintext, aad);
      if (Arrays.equals(aad, otherAad)) {
        assertThat(key.decrypt(ct, otherAad)).isEqualTo(plaintext);
      } else {
        assertThatThrownBy(() -> key.decrypt(ct, otherAad)).isInstanceOf(IntegrityException.class);
      }
    }
  }

  @Property(tries = 50)
  void signaturesVerifyOnlyForTheSignedData(
      @ForAll @Size(max = 1024) byte[] data, @ForAll @Size(max = 1024) byte[] other) {
    for (SigningKeyset key : new SigningKeyset[] {ED25519, ECDSA}) {
      byte[] sig = key.sign(data);
      assertThat(key.verify(sig, data)).isTrue();
      assertThat(key.verify(sig, other)).isEqualTo(Arrays.equals(data, other));
    }
  }

  @Property(tries = 100)
  void macsVerifyOnlyForTheMacedData(
      @ForAll @Size(max = 1024) byte[] data, @ForAll @Size(max = 1024) byte[] other) {
    byte[] tag = HMAC.compute(data);
    assertThat(HMAC.verify(tag, data)).isTrue();
    assertThat(HMAC.verify(tag, other)).isEqualTo(Arrays.equals(data, other));
  }
}
