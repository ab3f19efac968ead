package dev.metacircular.rest.acmeclient;

import dev.metacircular.ports.client.CertificateNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The certificate's key and the request for it: a P-256 key generated here (it never leaves the
 * server: the CA sees only the CSR) and a PKCS#10 request naming the common name as subject and
 * every name as a subject alternative name (the CA takes the names from the SANs).
 */
final class CertificateRequests {
  private CertificateRequests() {}

  /** The DER of a CSR for {@code names}, signed with {@code key}. */
  static byte[] csr(KeyPair key, CertificateNames names) {
    List<GeneralName> sans = new ArrayList<>();
    for (String dns : names.dnsNames()) {
      sans.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : names.ipSans()) {
      sans.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(sans.toArray(GeneralName[]::new)));
      return new JcaPKCS10CertificationRequestBuilder(
              new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.commonName()).build(),
              key.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
          .getEncoded();
    } catch (IOException | OperatorCreationException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot build the certificate request: " + e.getMessage(), e);
    }
  }

  /** The private key as PKCS#8 PEM bytes (never a String: the caller wipes them). */
  static byte[] privateKeyPem(KeyPair key) {
    byte[] der = key.getPrivate().getEncoded();
    byte[] body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    out.writeBytes("-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    out.writeBytes("\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII));
    java.util.Arrays.fill(der, (byte) 0);
    java.util.Arrays.fill(body, (byte) 0);
    return out.toByteArray();
  }
}
