package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealingKeyTest {

  private static final byte[] AAD = "barrier/path".getBytes(StandardCharsets.UTF_8);

  @Test
  void writesTheDocumentedLayout() {
    SealingKey key = SealingKey.generate(0x01020304);
    byte[] sealed = key.seal("hello".getBytes(StandardCharsets.UTF_8), AAD);

    assertThat(sealed).hasSize(5 + 12 + 5 + 16);
    assertThat(sealed[0]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(sealed, 1, 5)).containsExactly(1, 2, 3, 4);
    assertThat(SealedFormat.version(sealed)).isEqualTo(1);
    assertThat(SealedFormat.keyId(sealed)).isEqualTo(0x01020304);
    assertThat(key.open(sealed, AAD)).asString(StandardCharsets.UTF_8).isEqualTo("hello");
  }

  @Test
  void everySealUsesAFreshNonce() {
    SealingKey key = SealingKey.generate(1);
    byte[] a = key.seal(new byte[16], AAD);
    byte[] b = key.seal(new byte[16], AAD);
    assertThat(Arrays.copyOfRange(a, 5, 17)).isNotEqualTo(Arrays.copyOfRange(b, 5, 17));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void emptyPlaintextAndNullAadWork() {
    SealingKey key = SealingKey.generate(7);
    byte[] sealed = key.seal(new byte[0], null);
    assertThat(key.open(sealed, null)).isEmpty();
    assertThat(key.open(sealed, new byte[0])).isEmpty();
  }

  @Test
  void theHeaderIsAuthenticated() {
    SecretBytes material = SecretBytes.random(32);
    SealingKey one = new SealingKey(1, material);
    SealingKey two = new SealingKey(2, material);
    byte[] sealed = one.seal(new byte[] {42}, AAD);

    byte[] relabelled = sealed.clone();
    relabelled[4] = 2; // claim key id 2, which has the same key material
    assertThatThrownBy(() -> two.open(relabelled, AAD)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void theAadIsLengthPrefixed() {
    SealingKey key = SealingKey.generate(1);
    byte[] sealed = key.seal(new byte[] {1}, new byte[] {0, 0, 0, 0});
    assertThatThrownBy(() -> key.open(sealed, new byte[] {0, 0, 0}))
        .isInstanceOf(IntegrityException.class);
  }

  @Test
  void openRefusesShortUnknownAndForeignInputGenerically() {
    SealingKey key = SealingKey.generate(1);
    byte[] sealed = key.seal(new byte[] {1, 2, 3}, AAD);

    byte[] v2 = sealed.clone();
    v2[0] = 2;
    for (byte[] bad :
        new byte[][] {
          null, new byte[0], new byte[32], Arrays.copyOf(sealed, sealed.length - 1), v2
        }) {
      assertThatThrownBy(() -> key.open(bad, AAD))
          .isInstanceOf(IntegrityException.class)
          .hasMessage("integrity check failed")
          .hasNoCause();
    }
    assertThatThrownBy(() -> SealingKey.generate(1).open(sealed, AAD))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> SealedFormat.keyId(new byte[4]))
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> SealedFormat.version(null)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void keyMaterialIsCopiedAndDestroyable() {
    SecretBytes material = SecretBytes.random(32);
    SealingKey key = new SealingKey(1, material);
    byte[] sealed = key.seal(new byte[] {9}, AAD);
    material.destroy();

    assertThat(key.open(sealed, AAD)).containsExactly(9);
    try (key) {
      assertThat(key.isDestroyed()).isFalse();
    }
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.seal(new byte[1], AAD)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> key.open(sealed, AAD)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesKeysOfTheWrongLength() {
    assertThatThrownBy(() -> new SealingKey(1, SecretBytes.random(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sealing key must be 32 bytes");
  }

  @Test
  void neverPrintsKeyMaterial() {
    assertThat(SealingKey.generate(5).toString()).isEqualTo("SealingKey[id=5, key=redacted]");
  }

  @Test
  void handlesLargeInputs() {
    SealingKey key = SealingKey.generate(1);
    byte[] big = SecureRandoms.bytes(4 * 1024 * 1024);
    assertThat(key.open(key.seal(big, AAD), AAD)).isEqualTo(big);
  }
}
