package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.ports.error.DomainException;
import java.security.PublicKey;
import java.util.Locale;

/**
 * A role's key settings: {@code key_type} {@code ec} (key_bits 256 or 384), {@code rsa} (2048, 3072
 * or 4096), {@code ed25519}, or {@code any} ({@code sign} takes any supported key; {@code issue}
 * then generates P-256). The full names ({@code ec-p384}...) are accepted and normalised.
 */
final class RoleKeys {

  private RoleKeys() {}

  /** {type, bits} normalised, or {@code InvalidInput}. */
  static Object[] normalise(String type, Integer bits) {
    String t = type == null ? "ec" : type.toLowerCase(Locale.ROOT);
    var full = CertificateKeyType.named(t);
    if (full.isPresent()) {
      CertificateKeyType k = full.get();
      return new Object[] {
        k == CertificateKeyType.ED25519 ? "ed25519" : k.algorithm().toLowerCase(Locale.ROOT),
        k == CertificateKeyType.ED25519 ? 0 : k.bits()
      };
    }
    switch (t) {
      case "ec" -> {
        int b = bits == null || bits == 0 ? 256 : bits;
        if (b != 256 && b != 384) {
          throw new DomainException.InvalidInput("key_bits for ec must be 256 or 384");
        }
        return new Object[] {"ec", b};
      }
      case "rsa" -> {
        int b = bits == null || bits == 0 ? 2048 : bits;
        if (b != 2048 && b != 3072 && b != 4096) {
          throw new DomainException.InvalidInput("key_bits for rsa must be 2048, 3072 or 4096");
        }
        return new Object[] {"rsa", b};
      }
      case "ed25519", "any" -> {
        return new Object[] {t, 0};
      }
      default ->
          throw new DomainException.InvalidInput(
              "key_type must be ec, rsa, ed25519 or any (or one of "
                  + CertificateKeyType.names()
                  + ")");
    }
  }

  /** The key type {@code issue} generates for a role. */
  static CertificateKeyType generated(String type, int bits) {
    return switch (type) {
      case "rsa" ->
          bits == 4096
              ? CertificateKeyType.RSA_4096
              : bits == 3072 ? CertificateKeyType.RSA_3072 : CertificateKeyType.RSA_2048;
      case "ed25519" -> CertificateKeyType.ED25519;
      case "ec" -> bits == 384 ? CertificateKeyType.EC_P384 : CertificateKeyType.EC_P256;
      default -> CertificateKeyType.EC_P256;
    };
  }

  /** Refuses a CSR key the role does not allow. */
  static void requireAllowed(String type, int bits, PublicKey key, String role) {
    CertificateKeyType actual =
        CertificateKeyType.of(key)
            .orElseThrow(
                () -> new DomainException.InvalidInput("the CSR's key type is not supported"));
    if (type.equals("any")) {
      return;
    }
    boolean ok =
        switch (type) {
          case "ec" -> actual.algorithm().equals("EC") && actual.bits() == bits;
          case "rsa" -> actual.algorithm().equals("RSA") && actual.bits() >= bits;
          case "ed25519" -> actual == CertificateKeyType.ED25519;
          default -> false;
        };
    if (!ok) {
      throw new DomainException.InvalidInput(
          "role "
              + role
              + " takes "
              + type
              + (bits > 0 ? " " + bits : "")
              + " keys; the CSR has a "
              + actual.wireName()
              + " key");
    }
  }
}
