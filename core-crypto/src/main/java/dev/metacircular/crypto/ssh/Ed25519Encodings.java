package dev.metacircular.crypto.ssh;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * What the CA checks of an Ed25519 key it is asked to certify: 32 bytes, a canonical encoding (y
 * below the field prime), and not one of the small-order points. It does not decompress the point
 * to see that it lies on the curve, as OpenSSH does not either when it reads a key ({@code
 * sshkey_from_blob} checks the length): a certificate on a key that is not a curve point can never
 * be used, since no signature verifies against it, while decompressing costs about a third of the
 * CA's own signature. The small-order points are the ones that matter: a signature under such a key
 * can be made without any private key, so a certificate on one would work for whoever holds the
 * certificate.
 */
final class Ed25519Encodings {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /** Every encoding of a point of order 1, 2, 4 or 8, with either sign bit. */
  private static final List<byte[]> SMALL_ORDER = smallOrderEncodings();

  private Ed25519Encodings() {}

  /** Whether the CA accepts {@code key} (the 32-byte public key of an ssh-ed25519 blob). */
  static boolean acceptable(byte[] key) {
    if (key.length != 32) {
      return false;
    }
    byte[] y = key.clone();
    y[31] &= 0x7f;
    if (littleEndian(y).compareTo(P) >= 0) {
      return false;
    }
    for (byte[] small : SMALL_ORDER) {
      if (Arrays.equals(y, small)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The y coordinates (sign bit cleared, so both x signs are covered) of the eight points of order
   * dividing 8: 1 (the identity), p - 1 (order 2), 0 (the two points of order 4), and ±y8 for the
   * four points of order 8, where y8² = (-1 ± sqrt(1 + d)) / d — doubling such a point gives y = 0
   * (on -x² + y² = 1 + d·x²·y², doubling gives y = 0 exactly when x² = -y², hence d·y⁴ + 2y² - 1 =
   * 0); only the root that is a square yields points.
   */
  static List<byte[]> smallOrderEncodings() {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    BigInteger root = sqrt(BigInteger.ONE.add(d).mod(P));
    List<BigInteger> ys =
        new java.util.ArrayList<>(
            List.of(BigInteger.ONE, P.subtract(BigInteger.ONE), BigInteger.ZERO));
    for (BigInteger r : List.of(root, P.subtract(root))) {
      BigInteger y2 = BigInteger.ONE.negate().add(r).multiply(d.modInverse(P)).mod(P);
      BigInteger y = sqrt(y2);
      if (y != null) {
        ys.add(y);
        ys.add(P.subtract(y));
      }
    }
    return ys.stream().map(Ed25519Encodings::encode).toList();
  }

  /** A square root mod p (p ≡ 5 mod 8), or null when {@code a} is not a square. */
  static BigInteger sqrt(BigInteger a) {
    BigInteger candidate = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (candidate.multiply(candidate).mod(P).equals(a.mod(P))) {
      return candidate;
    }
    BigInteger i = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    candidate = candidate.multiply(i).mod(P);
    return candidate.multiply(candidate).mod(P).equals(a.mod(P)) ? candidate : null;
  }

  static byte[] encode(BigInteger y) {
    byte[] big = y.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }
}
