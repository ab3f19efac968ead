package dev.metacircular.ports.acme.in;

import java.util.Objects;

/** An issued certificate then its issuer (PEM), as {@code application/pem-certificate-chain}. */
public record CertificateChain(String pem) {
  public CertificateChain {
    Objects.requireNonNull(pem, "pem");
  }
}
