package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {

  /** RFC 4648 section 10, without the padding. */
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "f, MY",
    "fo, MZXQ",
    "foo, MZXW6",
    "foob, MZXW6YQ",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI"
  })
  void rfc4648Vectors(String plain, String encoded) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertThat(new String(Base32.encode(bytes))).isEqualTo(encoded);
    assertThat(Base32.decode(encoded.toCharArray())).isEqualTo(bytes);
    assertThat(Base32.decode(encoded.toLowerCase().toCharArray())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZXW6YTBOI======", "MY======", "MZXQ===="})
  void acceptsPadding(String padded) {
    assertThat(Base32.decode(padded.toCharArray())).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"M", "MZX", "MZXW6Y", "MZ1Q", "MZ XQ", "MZ-Q", "MY=", "MZXW6YTBOI=====", "Ä"})
  void refusesBadInput(String bad) {
    assertThatThrownBy(() -> Base32.decode(bad.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
