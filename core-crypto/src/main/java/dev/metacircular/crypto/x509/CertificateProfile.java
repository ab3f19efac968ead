package dev.metacircular.crypto.x509;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a certificate says besides its public key and its issuer: the profile the CA decided
 * on (the caller has already checked the names against its rules). {@link CertificateSigner} turns
 * it into a certificate; nothing else goes into one.
 *
 * @param commonName the subject's CN, or null for an empty subject (then the SANs are critical)
 * @param serial positive serial number
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names
 * @param uris URI subject alternative names
 * @param ca whether it is a CA certificate (basic constraints; key usage keyCertSign + cRLSign)
 * @param pathLength the CA's path length constraint, or null for none (ignored for a leaf)
 * @param serverAuth / clientAuth the extended key usages of a leaf
 * @param crlUrl the CRL distribution point, or null
 * @param ocspUrl the AIA OCSP responder, or null
 * @param issuerUrl the AIA caIssuers URL, or null
 */
public record CertificateProfile(
    String commonName,
    BigInteger serial,
    Instant notBefore,
    Instant notAfter,
    List<String> dnsNames,
    List<InetAddress> ipAddresses,
    List<String> uris,
    boolean ca,
    Integer pathLength,
    boolean serverAuth,
    boolean clientAuth,
    String crlUrl,
    String ocspUrl,
    String issuerUrl) {

  public CertificateProfile {
    Objects.requireNonNull(serial, "serial");
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException("serial must be positive");
    }
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
    if ((commonName == null || commonName.isEmpty())
        && dnsNames.isEmpty()
        && ipAddresses.isEmpty()
        && uris.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs a common name or a name");
    }
  }

  /** A CA certificate named {@code commonName}, with no alternative names and no URLs. */
  public static CertificateProfile authority(
      String commonName,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter,
      Integer pathLength) {
    return new CertificateProfile(
        commonName,
        serial,
        notBefore,
        notAfter,
        List.of(),
        List.of(),
        List.of(),
        true,
        pathLength,
        false,
        false,
        null,
        null,
        null);
  }

  /** This profile with the CA's URLs set. */
  public CertificateProfile withUrls(String crl, String ocsp, String issuer) {
    return new CertificateProfile(
        commonName,
        serial,
        notBefore,
        notAfter,
        dnsNames,
        ipAddresses,
        uris,
        ca,
        pathLength,
        serverAuth,
        clientAuth,
        crl,
        ocsp,
        issuer);
  }
}
