package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBytesTest {

  @Test
  void copyOfIsIndependentOfTheSource() {
    byte[] source = {1, 2, 3};
    SecretBytes secret = SecretBytes.copyOf(source);
    source[0] = 9;
    assertThat(secret.copy()).containsExactly(1, 2, 3);
  }

  @Test
  void wrapTakesOwnershipWithoutCopying() {
    byte[] source = {1, 2, 3};
    SecretBytes secret = SecretBytes.wrap(source);
    secret.destroy();
    assertThat(source).containsOnly(0);
  }

  @Test
  void copyReturnsAFreshArrayEachTime() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {5, 6});
    byte[] first = secret.copy();
    first[0] = 0;
    assertThat(secret.copy()).containsExactly(5, 6);
  }

  @Test
  void destroyZeroesTheContentAndBlocksEveryUse() {
    byte[][] lent = new byte[1][];
    SecretBytes secret = SecretBytes.random(32);
    secret.withBytes(b -> lent[0] = b);
    assertThat(lent[0]).isNotEqualTo(new byte[32]);

    secret.destroy();

    assertThat(secret.isDestroyed()).isTrue();
    assertThat(lent[0]).containsOnly(0);
    assertThatThrownBy(secret::copy)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret destroyed");
    assertThatThrownBy(secret::length)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret destroyed");
    assertThatThrownBy(() -> secret.withBytes(b -> b.length))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> secret.equalsConstantTime(SecretBytes.random(32)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeDestroysAndDestroyIsIdempotent() {
    SecretBytes secret = SecretBytes.random(8);
    try (secret) {
      assertThat(secret.length()).isEqualTo(8);
    }
    assertThat(secret.isDestroyed()).isTrue();
    secret.destroy();
    assertThat(secret.isDestroyed()).isTrue();
  }

  @Test
  void comparesContentOnlyThroughConstantTimeEquality() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2, 3});
    SecretBytes c = SecretBytes.copyOf(new byte[] {1, 2, 4});

    assertThat(a.equalsConstantTime(b)).isTrue();
    assertThat(a.equalsConstantTime(c)).isFalse();
    assertThat(a.equalsConstantTime(null)).isFalse();
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(a);
  }

  @Test
  void neverPrintsItsContent() {
    assertThat(SecretBytes.copyOf(new byte[] {65, 66}).toString())
        .isEqualTo("SecretBytes[redacted]");
  }

  @Test
  void randomSecretsDiffer() {
    assertThat(SecretBytes.random(32).equalsConstantTime(SecretBytes.random(32))).isFalse();
  }
}
