package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  /**
   * Output of the argon2 reference CLI: {@code echo -n password | argon2 somesalt -id -t 2 -m 16 -p
   * 1}.
   */
  private static final String REFERENCE =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

  private final PasswordHasher hasher = new PasswordHasher(Argon2Parameters.OWASP_MINIMUM);

  @Test
  void producesThePhcFormatAndVerifiesIt() {
    String phc = hasher.hash("correct horse".toCharArray());

    assertThat(phc)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(hasher.verify("correct horse".toCharArray(), phc)).isTrue();
  }

  @Test
  void wrongPasswordFails() {
    String phc = hasher.hash("correct horse".toCharArray());

    assertThat(hasher.verify("correct horsE".toCharArray(), phc)).isFalse();
    assertThat(hasher.verify(new char[0], phc)).isFalse();
  }

  @Test
  void saltsAreFresh() {
    assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
  }

  @Test
  void verifiesTheArgon2ReferenceVector() {
    assertThat(hasher.verify("password".toCharArray(), REFERENCE)).isTrue();
    assertThat(hasher.verify("passwore".toCharArray(), REFERENCE)).isFalse();
  }

  @Test
  void deriveMatchesTheReferenceHashBytes() {
    byte[] expected =
        HexFormat.of().parseHex("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    try (SecretBytes out =
        Argon2id.derive(
            "password".toCharArray(),
            "somesalt".getBytes(StandardCharsets.US_ASCII),
            new Argon2Parameters(2, 65536, 1),
            32)) {
      assertThat(out.copy()).isEqualTo(expected);
    }
  }

  @Test
  void nonAsciiPasswordsAreHashedAsUtf8() {
    String phc = hasher.hash("pässwörd€".toCharArray());
    assertThat(hasher.verify("pässwörd€".toCharArray(), phc)).isTrue();
    assertThat(hasher.verify("passwórd€".toCharArray(), phc)).isFalse();
  }

  @Test
  void malformedPhcStringsAreFalseNeverExceptions() {
    char[] pw = "password".toCharArray();
    String[] bad = {
      null,
      "",
      "$",
      "garbage",
      "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=65536,t=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=-1,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=1048576000,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=65536,t=2,p=1$c29t$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$!!!",
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$",
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$extra",
      "$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
    };
    for (String phc : bad) {
      assertThat(hasher.verify(pw, phc)).as("%s", phc).isFalse();
      assertThat(hasher.needsRehash(phc)).as("%s", phc).isTrue();
    }
    assertThat(hasher.verify(null, REFERENCE)).isFalse();
  }

  @Test
  void needsRehashWhenStoredParametersAreWeaker() {
    PasswordHasher stronger = new PasswordHasher(new Argon2Parameters(3, 19456, 1));
    String weak = hasher.hash("pw".toCharArray());

    assertThat(hasher.needsRehash(weak)).isFalse();
    assertThat(stronger.needsRehash(weak)).isTrue();
    assertThat(stronger.verify("pw".toCharArray(), weak)).isTrue();
    assertThat(hasher.needsRehash(REFERENCE)).as("16-byte salt expected").isTrue();
  }

  @Test
  void refusesParametersBelowTheOwaspMinimum() {
    assertThatThrownBy(() -> new PasswordHasher(new Argon2Parameters(1, 19456, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OWASP minimum");
    assertThatThrownBy(() -> new PasswordHasher(new Argon2Parameters(2, 4 * 1024 * 1024, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceed the supported maximum");
    assertThat(new PasswordHasher(Argon2Parameters.DEFAULT).parameters())
        .isEqualTo(Argon2Parameters.DEFAULT);
  }

  @Test
  void dummyVerifyRunsWithoutAStoredHash() {
    hasher.dummyVerify("anything".toCharArray());
    hasher.dummyVerify(null);
    assertThat(hasher.parameters()).isEqualTo(Argon2Parameters.OWASP_MINIMUM);
  }
}
