package dev.metacircular.ports.acme.in;

import java.util.Objects;

/**
 * A revokeCert request (RFC 8555 §7.6): by the account that owns the certificate ({@code signer}),
 * or by the holder of the certificate's key ({@code certificateKey}, the request's {@code jwk}).
 * Exactly one of the two is given.
 *
 * @param reason the CRL reason code, or null
 */
public record RevokeCertificate(
    AccountSigner signer, AccountKey certificateKey, byte[] certificateDer, Integer reason) {
  public RevokeCertificate {
    if ((signer == null) == (certificateKey == null)) {
      throw new IllegalArgumentException("revoke by account or by certificate key, not both");
    }
    certificateDer = Objects.requireNonNull(certificateDer, "certificateDer").clone();
  }

  @Override
  public byte[] certificateDer() {
    return certificateDer.clone();
  }
}
