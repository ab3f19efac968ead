package dev.metacircular.domain.engine.ca;

import static dev.metacircular.ports.pki.in.PkiOperations.ISSUE;
import static dev.metacircular.ports.pki.in.PkiOperations.OCSP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.OcspRequest;
import java.time.Duration;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * The OCSP responder's cache (docs/pki.md): an answer to a request without a nonce is served again
 * until its nextUpdate (CaEngineTest shows a revocation drops it); a request with a nonce is always
 * answered afresh, echoing its own nonce.
 */
class OcspCacheTest {

  private final CaFixture ca = new CaFixture().withIssuerAndRole();

  @Test
  void requestsWithANonceAreSignedAfreshAndNeverServedFromTheCache() throws Exception {
    IssuedCertificate issued =
        ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
    CertificateID id =
        new CertificateID(
            new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
            new JcaX509CertificateHolder(Pem.certificates(issued.issuingCa()).get(0)),
            issued.serialNumber().value());
    byte[] plain = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    byte[] cached = ca.run(OCSP, new OcspRequest(plain)).response();

    byte[] withNonce = request(id, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] first = ca.run(OCSP, new OcspRequest(withNonce)).response();
    ca.clock.advance(Duration.ofSeconds(5));
    byte[] second = ca.run(OCSP, new OcspRequest(withNonce)).response();
    assertThat(second).isNotEqualTo(first);
    assertThat(producedAt(second)).isEqualTo(CaFixture.START.plusSeconds(5));
    assertThat(nonce(second)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(nonce(ca.run(OCSP, new OcspRequest(request(id, new byte[] {9}))).response()))
        .containsExactly(9);

    // Meanwhile the answer without a nonce is still the kept one.
    assertThat(ca.run(OCSP, new OcspRequest(plain)).response()).isEqualTo(cached);
  }

  private static byte[] request(CertificateID id, byte[] nonce) throws Exception {
    return new OCSPReqBuilder()
        .addRequest(id)
        .setRequestExtensions(
            new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce)))
        .build()
        .getEncoded();
  }

  private static BasicOCSPResp basic(byte[] response) throws Exception {
    return (BasicOCSPResp) new OCSPResp(response).getResponseObject();
  }

  private static java.time.Instant producedAt(byte[] response) throws Exception {
    return basic(response).getProducedAt().toInstant();
  }

  private static byte[] nonce(byte[] response) throws Exception {
    return basic(response)
        .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
        .getExtnValue()
        .getOctets();
  }
}
