package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** No input makes the validator throw, and nothing but the issued token validates. */
class TokenValidationProperties {

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final IdentityFixture F = IdentityFixture.create();
  private static final IssuedToken TOKEN;

  static {
    F.human("alice", Role.USER);
    TOKEN = F.login("alice");
  }

  private static TokenValidation validate(String token) {
    return F.core.tokens().validate(token);
  }

  @Property(tries = 1000)
  void arbitraryStringsNeverThrowAndNeverValidate(@ForAll String input) {
    assertThat(validate(input).valid()).isFalse();
  }

  @Property(tries = 500)
  void tokenShapedGarbageNeverValidates(@ForAll("tokenShaped") String input) {
    assertThat(validate(input).valid()).isFalse();
  }

  @Property(tries = 1000)
  void aRealTokenWithOneCharacterChangedNeverValidates(
      @ForAll @IntRange(min = 0, max = 2000) int position, @ForAll("base64url") char replacement) {
    String real = TOKEN.token();
    int at = position % real.length();
    Assume.that(real.charAt(at) != replacement);
    String mutated = real.substring(0, at) + replacement + real.substring(at + 1);

    assertThat(validate(mutated).valid()).isFalse();
    assertThat(validate(real).valid()).isTrue();
  }

  @Property(tries = 300)
  void aRealTokenCutOrExtendedNeverValidates(
      @ForAll @IntRange(min = 0, max = 2000) int cut, @ForAll("suffix") String suffix) {
    String real = TOKEN.token();
    String changed = real.substring(0, cut % real.length()) + suffix;
    Assume.that(!changed.equals(real));

    assertThat(validate(changed).valid()).isFalse();
  }

  @Provide
  Arbitrary<Character> base64url() {
    return Arbitraries.of(BASE64URL.chars().mapToObj(c -> (char) c).toList()).map(c -> c);
  }

  @Provide
  Arbitrary<String> suffix() {
    return Arbitraries.strings().withChars(BASE64URL + ".=").ofMaxLength(40);
  }

  @Provide
  Arbitrary<String> tokenShaped() {
    Arbitrary<String> part = Arbitraries.strings().withChars(BASE64URL).ofMaxLength(200);
    return net.jqwik.api.Combinators.combine(part, part, part)
        .as((a, b, c) -> a + "." + b + "." + c);
  }
}
