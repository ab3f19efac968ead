package dev.metacircular.crypto.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * The CA's Ed25519 key check refuses exactly what can hurt (non-canonical encodings and the
 * small-order points, computed here independently on the curve itself and confirmed by Bouncy
 * Castle's full validation) and never refuses a real key.
 */
class Ed25519EncodingsTest {
  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

  @Test
  void theRefusedPointsAreEveryPointOfOrderDividingEight() {
    List<byte[]> ys = Ed25519Encodings.smallOrderEncodings();
    assertThat(ys).hasSize(5);
    int points = 0;
    for (byte[] y : ys) {
      BigInteger yy = littleEndian(y);
      BigInteger x2 =
          yy.multiply(yy)
              .subtract(BigInteger.ONE)
              .multiply(D.multiply(yy).multiply(yy).add(BigInteger.ONE).modInverse(P))
              .mod(P);
      BigInteger x = Ed25519Encodings.sqrt(x2);
      assertThat(x).as("y is on the curve").isNotNull();
      for (BigInteger sx : x.signum() == 0 ? List.of(x) : List.of(x, P.subtract(x))) {
        points++;
        BigInteger[] q = {sx, yy};
        for (int i = 0; i < 3; i++) {
          q = add(q, q);
        }
        assertThat(q).as("[8]P is the identity").containsExactly(BigInteger.ZERO, BigInteger.ONE);
        for (int sign = 0; sign < 2; sign++) {
          byte[] encoded = y.clone();
          encoded[31] |= (byte) (sign << 7);
          assertThat(Ed25519.validatePublicKeyFull(encoded, 0)).isFalse();
          assertThat(Ed25519Encodings.acceptable(encoded)).isFalse();
        }
      }
    }
    assertThat(points).as("the torsion subgroup has eight points").isEqualTo(8);
  }

  @Test
  void nonCanonicalEncodingsAreRefused() {
    for (long over : new long[] {0, 1, 5, 18}) {
      byte[] encoded = Ed25519Encodings.encode(P.add(BigInteger.valueOf(over)));
      assertThat(Ed25519Encodings.acceptable(encoded)).isFalse();
    }
    assertThat(Ed25519Encodings.acceptable(new byte[31])).isFalse();
    assertThat(Ed25519Encodings.acceptable(new byte[33])).isFalse();
  }

  @Test
  void realKeysAreAccepted() {
    Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
    g.init(new Ed25519KeyGenerationParameters(new java.security.SecureRandom()));
    for (int i = 0; i < 200; i++) {
      byte[] key = ((Ed25519PublicKeyParameters) g.generateKeyPair().getPublic()).getEncoded();
      assertThat(Ed25519Encodings.acceptable(key)).isTrue();
    }
  }

  @Property(tries = 2000)
  void whatBouncyCastleFullyValidatesIsAccepted(@ForAll @Size(32) byte[] key) {
    if (Ed25519.validatePublicKeyFull(key, 0)) {
      assertThat(Ed25519Encodings.acceptable(key)).isTrue();
    }
  }

  /** Twisted Edwards addition with a = -1. */
  static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
    BigInteger x1y2 = p[0].multiply(q[1]);
    BigInteger y1x2 = p[1].multiply(q[0]);
    BigInteger x1x2 = p[0].multiply(q[0]);
    BigInteger y1y2 = p[1].multiply(q[1]);
    BigInteger dxy = D.multiply(x1x2).multiply(y1y2).mod(P);
    BigInteger x3 = x1y2.add(y1x2).multiply(BigInteger.ONE.add(dxy).modInverse(P)).mod(P);
    BigInteger y3 =
        y1y2.add(x1x2).multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
    return new BigInteger[] {x3, y3};
  }

  static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }
}
