package dev.metacircular.domain.identity.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class RecoveryCodeFormatProperties {

  @Property(tries = 300)
  void aGeneratedCodeReadsBackToItsOwnCharacters() {
    char[] code = RecoveryCodeFormat.generate();
    String written = new String(code);
    RecoveryCodeFormat.Parsed parsed =
        RecoveryCodeFormat.parse(CharBuffer.wrap(code)).orElseThrow();

    assertThat(new String(parsed.canonical())).isEqualTo(written.replace("-", ""));
    assertThat(parsed.codeId()).isEqualTo(written.substring(0, 4));
    assertThat(RecoveryCodeFormat.parse(written.toUpperCase().replace("-", " ")))
        .hasValueSatisfying(p -> assertThat(p.canonical()).isEqualTo(parsed.canonical()));
  }

  @Property(tries = 1000)
  void anyInputIsEitherSixteenAlphabetCharactersOrRefused(
      @ForAll @StringLength(max = 60) String input) {
    var parsed = RecoveryCodeFormat.parse(input);
    String kept =
        input
            .chars()
            .map(Character::toLowerCase)
            .filter(c -> c != '-' && c != ' ')
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    boolean valid =
        input.length() <= RecoveryCodeFormat.MAX_INPUT
            && kept.length() == RecoveryCodeFormat.LENGTH
            && kept.chars().allMatch(c -> RecoveryCodeFormat.ALPHABET.indexOf(c) >= 0);
    assertThat(parsed.isPresent()).isEqualTo(valid);
  }

  @Property(tries = 100)
  void everyCodeOfTheAlphabetIsAccepted(@ForAll @StringLength(min = 16, max = 16) String raw) {
    StringBuilder code = new StringBuilder();
    for (char c : raw.toCharArray()) {
      code.append(RecoveryCodeFormat.ALPHABET.charAt(Math.floorMod(c, 32)));
    }
    assertThat(RecoveryCodeFormat.parse(code)).isPresent();
  }

  @Property(tries = 200)
  void lookAlikeLettersAreNeverPartOfACode() {
    String written = new String(RecoveryCodeFormat.generate());
    assertThat(written).doesNotContain("i", "l", "o", "u");
  }
}
