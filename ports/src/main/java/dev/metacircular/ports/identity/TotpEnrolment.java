package dev.metacircular.ports.identity;

import java.util.Arrays;

/**
 * A started TOTP enrolment: the shared secret (base32) and the {@code otpauth://} URI an
 * authenticator app scans. Both are secret; the holder wipes them with {@link #destroy()} once they
 * have been shown.
 */
public record TotpEnrolment(char[] secretBase32, char[] otpauthUri) {

  public void destroy() {
    Arrays.fill(secretBase32, '\0');
    Arrays.fill(otpauthUri, '\0');
  }

  @Override
  public String toString() {
    return "TotpEnrolment[redacted]";
  }
}
