package dev.metacircular.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

  private static final byte[] RFC_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 Appendix B, SHA-1 rows (8 digits). */
  @ParameterizedTest
  @CsvSource({
    "59, 0000000000000001, 94287082",
    "1111111109, 00000000023523EC, 07081804",
    "1111111111, 00000000023523ED, 14050471",
    "1234567890, 000000000273EF07, 89005924",
    "2000000000, 0000000003F940AA, 69279037",
    "20000000000, 0000000027BC86AA, 65353130",
  })
  void rfc6238AppendixB(long unixTime, String hexStep, String eightDigits) {
    long step = Totp.step(Instant.ofEpochSecond(unixTime));
    assertThat(step).isEqualTo(Long.parseLong(hexStep, 16));
    assertThat(String.format("%08d", Totp.hotp(RFC_SECRET, step, 8))).isEqualTo(eightDigits);
    assertThat(Totp.code(RFC_SECRET, step)).isEqualTo(eightDigits.substring(2));
    assertThat(
            Totp.verify(RFC_SECRET, eightDigits.substring(2), Instant.ofEpochSecond(unixTime), 0))
        .hasValue(step);
  }

  /** RFC 4226 Appendix D: HOTP values for counters 0..9. */
  @ParameterizedTest
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489",
  })
  void rfc4226AppendixD(long counter, String code) {
    assertThat(Totp.code(RFC_SECRET, counter)).isEqualTo(code);
  }

  @Test
  void verifyAcceptsNeighbouringStepsWithinTheSkewAndReportsWhichOne() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    long step = Totp.step(now);
    String previous = Totp.code(RFC_SECRET, step - 1);
    String next = Totp.code(RFC_SECRET, step + 1);
    String farAway = Totp.code(RFC_SECRET, step + 2);

    assertThat(Totp.verify(RFC_SECRET, previous, now, 1)).hasValue(step - 1);
    assertThat(Totp.verify(RFC_SECRET, next, now, 1)).hasValue(step + 1);
    assertThat(Totp.verify(RFC_SECRET, previous, now, 0)).isEmpty();
    assertThat(Totp.verify(RFC_SECRET, farAway, now, 1)).isEqualTo(OptionalLong.empty());
  }

  @Test
  void codesThatAreNotSixDigitsAreRefused() {
    Instant now = Instant.ofEpochSecond(59);
    for (String code :
        new String[] {null, "", "28708", "2870820", "28708a", " 87082", "２８７０８２", "-87082"}) {
      assertThat(Totp.verify(RFC_SECRET, code, now, 1)).as("%s", code).isEmpty();
    }
    assertThatThrownBy(() -> Totp.verify(RFC_SECRET, "287082", now, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.verify(RFC_SECRET, "287082", now, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.code(new byte[0], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepFloorsBeforeTheEpoch() {
    assertThat(Totp.step(Instant.ofEpochSecond(-1))).isEqualTo(-1);
    assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
    assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
  }

  @Test
  void otpauthUriIsEncodedForAuthenticatorApps() {
    char[] uri =
        Totp.otpauthUri("Metacircular Lab", "alice@example.org", "jbswy3dpehpk3pxp".toCharArray());
    assertThat(new String(uri))
        .isEqualTo(
            "otpauth://totp/Metacircular%20Lab:alice%40example.org"
                + "?secret=JBSWY3DPEHPK3PXP&issuer=Metacircular%20Lab&algorithm=SHA1&digits=6&period=30");
    assertThat(new String(Totp.otpauthUri("a:b&c", "x?y", "AAAA".toCharArray())))
        .startsWith("otpauth://totp/a%3Ab%26c:x%3Fy?secret=AAAA&issuer=a%3Ab%26c&");
    assertThatThrownBy(() -> Totp.otpauthUri("i", "a", "AB=".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Totp.otpauthUri("", "a", "AB".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
