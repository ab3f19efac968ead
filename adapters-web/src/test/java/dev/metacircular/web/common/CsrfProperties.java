package dev.metacircular.web.common;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The CSRF comparison accepts the session's token and nothing else: not a prefix of it (however
 * long), not the token with anything appended, not the token with any one character changed. Tokens
 * are shaped like {@link WebSession}'s (43 characters of base64url).
 */
class CsrfProperties {

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().withChars(BASE64URL.toCharArray()).ofLength(43);
  }

  @Property(tries = 300)
  void theTokenItselfMatches(@ForAll("tokens") String token) {
    assertThat(Csrf.matches(token, new String(token.toCharArray()))).isTrue();
  }

  @Property(tries = 500)
  void noProperPrefixMatches(
      @ForAll("tokens") String token, @ForAll @IntRange(min = 0, max = 42) int length) {
    assertThat(Csrf.matches(token, token.substring(0, length))).isFalse();
  }

  @Property(tries = 300)
  void nothingAppendedMatches(
      @ForAll("tokens") String token,
      @ForAll("tokens") String more,
      @ForAll @IntRange(min = 1, max = 43) int length) {
    assertThat(Csrf.matches(token, token + more.substring(0, length))).isFalse();
  }

  @Property(tries = 500)
  void noOneCharacterChangeMatches(
      @ForAll("tokens") String token,
      @ForAll @IntRange(min = 0, max = 42) int at,
      @ForAll @IntRange(min = 1, max = 63) int shift) {
    char changed = BASE64URL.charAt((BASE64URL.indexOf(token.charAt(at)) + shift) % 64);
    String forged = token.substring(0, at) + changed + token.substring(at + 1);
    assertThat(Csrf.matches(token, forged)).isFalse();
  }

  @Property(tries = 300)
  void anotherSessionsTokenDoesNotMatch(
      @ForAll("tokens") String token, @ForAll("tokens") String other) {
    assertThat(Csrf.matches(token, other)).isEqualTo(token.equals(other));
  }
}
