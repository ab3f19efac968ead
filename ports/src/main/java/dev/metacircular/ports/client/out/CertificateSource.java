package dev.metacircular.ports.client.out;

import dev.metacircular.ports.client.CertificateNames;
import dev.metacircular.ports.pki.in.IssuedCertificate;

/**
 * Where a server gets its own TLS certificate: a CA asked for a certificate for the server's names.
 * Implemented over the crypto service's REST {@code issue} operation with a service token (apps
 * {@code tlsfromca}, on adapters-rest {@code RestCryptoClient}) and over ACME (RFC 8555, with
 * external account binding: adapters-rest {@code AcmeClient}). The renewer that keeps a server's
 * certificate fresh calls it at two thirds of each certificate's life.
 */
public interface CertificateSource {

  /**
   * A new certificate for {@code names} with its private key (PKCS#8 PEM; the caller wipes it once
   * written), the issuing CA's certificate and the chain above it. A refusal by the CA is the
   * ports' {@code DomainException} or an {@code IllegalStateException} whose message says what the
   * CA said, on one line; a CA that cannot be reached is {@link
   * dev.metacircular.ports.client.Unreachable}.
   */
  IssuedCertificate obtain(CertificateNames names);
}
