package dev.metacircular.ports.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.transit.in.TransitValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * One byte string, one text: the canonical padded form decodes, and every other form the JDK's
 * lenient decoder would take (unpadded, non-zero padding bits, MIME line breaks) is refused, by the
 * engine data reader and the transit value parser alike.
 */
class CanonicalBase64Properties {

  @Property
  void theCanonicalFormRoundTrips(@ForAll @Size(max = 300) byte[] bytes) {
    String text = Base64.getEncoder().encodeToString(bytes);
    assertThat(CanonicalBase64.decode(text)).isEqualTo(bytes);
    assertThat(CanonicalBase64.decodeField("plaintext", text)).isEqualTo(bytes);
    if (bytes.length > 0) {
      assertThat(TransitValue.parse("ciphertext", "metacrypt:v1:" + text).bytes()).isEqualTo(bytes);
    }
  }

  @Property
  void everyOtherFormIsRefused(
      @ForAll @Size(min = 1, max = 300) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 3) int bits) {
    for (String other : nonCanonicalForms(bytes, bits)) {
      assertThatThrownBy(() -> CanonicalBase64.decode(other))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> CanonicalBase64.decodeField("plaintext", other))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessage("plaintext must be canonical padded base64");
      assertThatThrownBy(() -> TransitValue.parse("ciphertext", "metacrypt:v1:" + other))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessage("ciphertext is malformed");
    }
  }

  /**
   * Texts that the JDK decodes to {@code bytes} (or a prefix of it) but that are not the canonical
   * text: the padding dropped, a non-zero padding bit set, a line break inserted.
   */
  static List<String> nonCanonicalForms(byte[] bytes, int bits) {
    String canonical = Base64.getEncoder().encodeToString(bytes);
    List<String> forms = new ArrayList<>();
    int pad = canonical.endsWith("==") ? 2 : canonical.endsWith("=") ? 1 : 0;
    if (pad > 0) {
      forms.add(canonical.substring(0, canonical.length() - pad));
      // The last data character carries 4 (one pad) or 2 (two pads)... unused bits: set some.
      int unusedMask = pad == 2 ? 0x0f : 0x03;
      int index = canonical.length() - pad - 1;
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      int value = alphabet.indexOf(canonical.charAt(index)) | (bits & unusedMask);
      if ((bits & unusedMask) == 0) {
        value |= 1;
      }
      String dirty =
          canonical.substring(0, index) + alphabet.charAt(value) + canonical.substring(index + 1);
      assertThat(Base64.getDecoder().decode(dirty)).isEqualTo(bytes);
      forms.add(dirty);
    }
    if (canonical.length() > 4) {
      forms.add(canonical.substring(0, 4) + "\r\n" + canonical.substring(4));
    }
    forms.add(canonical + "\n");
    forms.add(" " + canonical);
    return forms;
  }
}
