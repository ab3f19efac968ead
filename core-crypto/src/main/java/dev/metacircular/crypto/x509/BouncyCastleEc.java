package dev.metacircular.crypto.x509;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle's provider for ECDSA on the NIST curves, passed to the calls that use it and never
 * registered (the JDK's providers stay the process's defaults). Measured on JDK 17
 * (docs/benchmarks.md, the CA's sign): its P-256 verification is several times faster than the JDK
 * provider's, and its P-384 signature (fixed-base comb multiplication) faster too; every CA sign
 * verifies one CSR and makes one P-384 signature.
 */
final class BouncyCastleEc {

  static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastleEc() {}

  /**
   * {@code key} as Bouncy Castle's own EC key, converted once for a signer that keeps it: signing
   * with a JDK key converts it (curve lookup included) on every signature.
   */
  static PrivateKey translate(PrivateKey key) {
    try {
      return KeyFactory.getInstance("EC", PROVIDER).translateKey(key) instanceof PrivateKey p
          ? p
          : key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the EC key with Bouncy Castle", e);
    }
  }
}
