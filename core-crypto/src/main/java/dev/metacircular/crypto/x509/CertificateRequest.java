package dev.metacircular.crypto.x509;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A PKCS#10 certificate signing request whose signature has been checked: only its public key and
 * the names it asks for are read from it (never its other extensions — a CA decides those). Parse
 * failures are {@link IllegalArgumentException}s with a message a person can act on.
 *
 * @param publicKey the key to certify (its holder proved possession by signing the request)
 * @param commonName the subject's CN, or null
 * @param dnsNames, ipAddresses, uris the names of its subjectAltName extension request
 */
public record CertificateRequest(
    PublicKey publicKey,
    String commonName,
    List<String> dnsNames,
    List<InetAddress> ipAddresses,
    List<String> uris) {

  /**
   * Bouncy Castle's provider ({@link BouncyCastleEc}), given to the CSR check only: its ECDSA
   * verification on the NIST curves is several times faster than the JDK 17 provider's, and every
   * sign request verifies one CSR (see docs/benchmarks.md, the CA's sign).
   */
  private static final java.security.Provider VERIFIER = BouncyCastleEc.PROVIDER;

  public CertificateRequest {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    uris = List.copyOf(uris);
  }

  /** The request in {@code pem} (a {@code CERTIFICATE REQUEST} block). */
  public static CertificateRequest parsePem(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      PemObject object = parser.readPemObject();
      if (object == null
          || !(object.getType().equals("CERTIFICATE REQUEST")
              || object.getType().equals("NEW CERTIFICATE REQUEST"))) {
        throw new IllegalArgumentException("expected a CERTIFICATE REQUEST PEM block");
      }
      return parseDer(object.getContent());
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM");
    }
  }

  /** The request whose DER is {@code der}; refused unless its signature verifies. */
  public static CertificateRequest parseDer(byte[] der) {
    JcaPKCS10CertificationRequest request;
    PublicKey key;
    try {
      request = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(der));
      key = request.getPublicKey();
    } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("malformed certificate request");
    }
    if (CertificateKeyType.of(key).isEmpty()) {
      throw new IllegalArgumentException(
          "unsupported key in the certificate request (use " + CertificateKeyType.names() + ")");
    }
    try {
      if (!request.isSignatureValid(
          new JcaContentVerifierProviderBuilder().setProvider(VERIFIER).build(key))) {
        throw new IllegalArgumentException("the certificate request's signature does not verify");
      }
    } catch (org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.pkcs.PKCSException e) {
      throw new IllegalArgumentException("the certificate request's signature does not verify");
    }
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (Attribute attribute :
        request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable value : attribute.getAttributeValues()) {
        Extensions extensions = Extensions.getInstance(value);
        GeneralNames names =
            GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names == null) {
          continue;
        }
        for (GeneralName name : names.getNames()) {
          switch (name.getTagNo()) {
            case GeneralName.dNSName -> dns.add(((ASN1String) name.getName()).getString());
            case GeneralName.uniformResourceIdentifier ->
                uris.add(((ASN1String) name.getName()).getString());
            case GeneralName.iPAddress -> {
              try {
                ips.add(
                    InetAddress.getByAddress(
                        ASN1OctetString.getInstance(name.getName()).getOctets()));
              } catch (UnknownHostException e) {
                throw new IllegalArgumentException("malformed IP address in the request");
              }
            }
            default ->
                throw new IllegalArgumentException(
                    "the certificate request asks for a kind of name this CA does not issue"
                        + " (only DNS, IP and URI names)");
          }
        }
      }
    }
    return new CertificateRequest(key, commonName(request.getSubject()), dns, ips, uris);
  }

  private static String commonName(X500Name subject) {
    RDN[] rdns = subject.getRDNs(BCStyle.CN);
    if (rdns.length == 0) {
      return null;
    }
    if (rdns.length > 1) {
      throw new IllegalArgumentException("the certificate request has more than one common name");
    }
    return IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }
}
