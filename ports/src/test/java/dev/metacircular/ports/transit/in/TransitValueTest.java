package dev.metacircular.ports.transit.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import org.junit.jupiter.api.Test;

class TransitValueTest {

  @Test
  void formatAndParseAreInverse() {
    String text = TransitValue.format(TransitValue.prefix(12), new byte[] {1, 2, 3, (byte) 0xff});
    assertThat(text).isEqualTo("metacrypt:v12:AQID/w==");
    TransitValue back = TransitValue.parse("ciphertext", text);
    assertThat(back.version()).isEqualTo(12);
    assertThat(back.bytes()).containsExactly(1, 2, 3, 0xff);
  }

  @Test
  void theLargestIntVersionParsesAndOneMoreIsMalformed() {
    assertThat(TransitValue.parse("x", "metacrypt:v2147483647:AA==").version())
        .isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> TransitValue.parse("x", "metacrypt:v2147483648:AA=="))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("x is malformed");
  }

  @Test
  void theRefusalNamesTheField() {
    assertThatThrownBy(() -> TransitValue.parse("signature", "nope"))
        .hasMessage("signature is malformed");
  }
}
