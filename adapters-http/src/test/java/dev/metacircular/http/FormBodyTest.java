package dev.metacircular.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FormBodyTest {

  static FormBody parse(String body) {
    return FormBody.parse(body.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void decodesPercentEscapesPlusAndRepeatedFields() {
    FormBody form = parse("a=1&b=x+y%26z&c=&d&a=2&e=%E2%9C%93&&");
    assertThat(form.text("a")).isEqualTo("1");
    assertThat(form.texts("a")).containsExactly("1", "2");
    assertThat(form.text("b")).isEqualTo("x y&z");
    assertThat(form.text("c")).isEmpty();
    assertThat(form.has("c")).isTrue();
    assertThat(form.has("d")).isTrue();
    assertThat(form.text("e")).isEqualTo("✓");
    assertThat(form.text("missing")).isEmpty();
    assertThat(form.has("missing")).isFalse();
    assertThat(form.texts("missing")).isEmpty();
    assertThat(form.text("a ")).isEmpty();
  }

  @Test
  void textIsTrimmedButTextsAndSecretsAreNot() {
    FormBody form = parse("n=+x+&p=+pw+");
    assertThat(form.text("n")).isEqualTo("x");
    assertThat(form.texts("n")).containsExactly(" x ");
    assertThat(new String(form.secret("p"))).isEqualTo(" pw ");
    assertThat(form.secret("missing")).isEmpty();
  }

  @Test
  void wipeEmptiesTheForm() {
    FormBody form = parse("password=hunter2hunter2");
    char[] copy = form.secret("password");
    form.wipe();
    assertThat(form.has("password")).isFalse();
    assertThat(form.secret("password")).isEmpty();
    assertThat(new String(copy)).isEqualTo("hunter2hunter2"); // the caller's copy is its own
  }

  @Test
  void malformedInputIsRefusedAs400() {
    for (String bad : List.of("a=%", "a=%4", "a=%zz", "a=%4g", "%=1")) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessage("malformed form body");
    }
    assertThatThrownBy(() -> parse("a=%FF").text("a"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("form body is not valid UTF-8");
    assertThatThrownBy(() -> parse("a=%C3").secret("a"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("form body is not valid UTF-8");
    assertThatThrownBy(() -> parse("%FF=1")).isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> parse("a=1&".repeat(FormBody.MAX_FIELDS + 1)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("too many form fields");
    assertThat(parse("a=1&".repeat(FormBody.MAX_FIELDS)).texts("a")).hasSize(FormBody.MAX_FIELDS);
  }

  @Test
  void anOAuthFormRefusesARepeatedParameterAndWipesWhatItRead() {
    assertThatThrownBy(
            () -> FormBody.parseUnique("a=1&code=x&code=y".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("parameter code repeated");
    assertThatThrownBy(
            () -> FormBody.parseUnique("A%0A=1&A%0A=2".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("parameter (a parameter) repeated");
    try (FormBody form =
        FormBody.parseUnique("grant_type=x&client_secret=s".getBytes(StandardCharsets.US_ASCII))) {
      assertThat(form.texts("grant_type")).containsExactly("x");
      assertThat(form.secret("client_secret")).containsExactly('s');
    }
  }

  @Test
  void closeWipes() {
    FormBody form = parse("secret=s3cr3t");
    form.close();
    assertThat(form.has("secret")).isFalse();
  }

  @Property
  void anyBytesAreAFormOrA400(@ForAll byte[] body) {
    try {
      FormBody form = FormBody.parse(body);
      form.texts("a");
      form.secret("a");
      form.wipe();
    } catch (DomainException.InvalidInput refused) {
      assertThat(refused.getMessage()).doesNotContain(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Property
  void whatABrowserEncodesComesBack(@ForAll String value) {
    String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    FormBody form = FormBody.parse(("v=" + encoded).getBytes(StandardCharsets.US_ASCII));
    if (value.codePoints().allMatch(Character::isValidCodePoint)
        && StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
      assertThat(form.texts("v")).containsExactly(value);
      assertThat(new String(form.secret("v"))).isEqualTo(value);
    }
  }
}
