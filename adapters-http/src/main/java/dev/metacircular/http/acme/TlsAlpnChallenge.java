package dev.metacircular.http.acme;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ValidationTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS-ALPN-01 (RFC 8737): a TLS handshake with {@code <name>:<tlsalpn01_port>}, SNI the name and
 * ALPN {@code acme-tls/1} only; the server must negotiate {@code acme-tls/1} and present a
 * certificate whose only subjectAltName is the name and whose critical acmeIdentifier extension
 * (1.3.6.1.5.5.7.1.31) is the SHA-256 of the key authorization. The certificate is self-signed by
 * design, so its chain is not checked.
 */
final class TlsAlpnChallenge {
  static final String ACME_TLS = "acme-tls/1";
  static final String ACME_IDENTIFIER = "1.3.6.1.5.5.7.1.31";

  private final ValidationNames names;

  TlsAlpnChallenge(ValidationNames names) {
    this.names = names;
  }

  Optional<AcmeProblem> validate(ValidationTarget target) {
    List<InetAddress> addresses;
    try {
      addresses = names.addresses(target.name());
    } catch (UnknownHostException e) {
      return HttpChallenge.problem(
          AcmeProblemType.DNS, "cannot resolve " + target.name() + ": " + e.getMessage());
    }
    X509Certificate certificate = null;
    String failure = "no address";
    for (InetAddress address : addresses) {
      try {
        certificate = handshake(address, target);
        break;
      } catch (IOException e) {
        failure = e.getMessage();
      }
    }
    if (certificate == null) {
      return HttpChallenge.problem(
          AcmeProblemType.TLS,
          "TLS-ALPN-01 handshake with "
              + target.name()
              + ":"
              + target.tlsAlpn01Port()
              + ": "
              + failure);
    }
    return check(certificate, target);
  }

  private static X509Certificate handshake(InetAddress address, ValidationTarget target)
      throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(
          new InetSocketAddress(address, target.tlsAlpn01Port()), HttpChallenge.TIMEOUT_MILLIS);
      plain.setSoTimeout(HttpChallenge.TIMEOUT_MILLIS);
      try (SSLSocket ssl =
          (SSLSocket)
              TrustAnyCertificate.context()
                  .getSocketFactory()
                  .createSocket(plain, target.name(), target.tlsAlpn01Port(), true)) {
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(target.name())));
        parameters.setApplicationProtocols(new String[] {ACME_TLS});
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        if (!ACME_TLS.equals(ssl.getApplicationProtocol())) {
          throw new IOException("the server did not negotiate " + ACME_TLS);
        }
        var peer = ssl.getSession().getPeerCertificates();
        if (peer.length == 0 || !(peer[0] instanceof X509Certificate x509)) {
          throw new IOException("no certificate");
        }
        return x509;
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
  }

  static Optional<AcmeProblem> check(X509Certificate certificate, ValidationTarget target) {
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans == null
          || sans.size() != 1
          || !sans.iterator().next().get(0).equals(2)
          || !target.name().equalsIgnoreCase(String.valueOf(sans.iterator().next().get(1)))) {
        return HttpChallenge.problem(
            AcmeProblemType.UNAUTHORIZED,
            "the certificate must name exactly " + target.name() + " in its subjectAltName");
      }
    } catch (CertificateParsingException e) {
      return HttpChallenge.problem(AcmeProblemType.TLS, "unreadable subjectAltName");
    }
    if (certificate.getCriticalExtensionOIDs() == null
        || !certificate.getCriticalExtensionOIDs().contains(ACME_IDENTIFIER)) {
      return HttpChallenge.problem(
          AcmeProblemType.UNAUTHORIZED, "the certificate has no critical acmeIdentifier extension");
    }
    // getExtensionValue: OCTET STRING { extnValue }, and extnValue is OCTET STRING (32 bytes).
    byte[] value = certificate.getExtensionValue(ACME_IDENTIFIER);
    byte[] expected = KeyAuthorizations.sha256(target.keyAuthorization());
    if (value == null
        || value.length != 36
        || value[0] != 0x04
        || value[1] != 34
        || value[2] != 0x04
        || value[3] != 32
        || !MessageDigest.isEqual(Arrays.copyOfRange(value, 4, 36), expected)) {
      return HttpChallenge.problem(
          AcmeProblemType.INCORRECT_RESPONSE,
          "the acmeIdentifier extension is not the key authorization's digest");
    }
    return Optional.empty();
  }
}
