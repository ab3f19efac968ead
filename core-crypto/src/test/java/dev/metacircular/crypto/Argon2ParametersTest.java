package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Argon2ParametersTest {

  @Test
  void refusesNonPositiveValuesWithClearMessages() {
    assertThatThrownBy(() -> new Argon2Parameters(0, 19456, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> new Argon2Parameters(2, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryKiB");
    assertThatThrownBy(() -> new Argon2Parameters(2, 19456, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parallelism");
  }

  @Test
  void atLeastComparesEveryCost() {
    assertThat(Argon2Parameters.DEFAULT.atLeast(Argon2Parameters.OWASP_MINIMUM)).isTrue();
    assertThat(Argon2Parameters.OWASP_MINIMUM.atLeast(Argon2Parameters.OWASP_MINIMUM)).isTrue();
    assertThat(Argon2Parameters.OWASP_MINIMUM.atLeast(Argon2Parameters.DEFAULT)).isFalse();
    assertThat(new Argon2Parameters(1, 65536, 4).atLeast(Argon2Parameters.OWASP_MINIMUM)).isFalse();
    assertThat(new Argon2Parameters(2, 19455, 1).atLeast(Argon2Parameters.OWASP_MINIMUM)).isFalse();
  }

  @Test
  void constantsMatchTheirDocumentation() {
    assertThat(Argon2Parameters.OWASP_MINIMUM).isEqualTo(new Argon2Parameters(2, 19456, 1));
    assertThat(Argon2Parameters.DEFAULT).isEqualTo(new Argon2Parameters(3, 65536, 4));
  }
}
