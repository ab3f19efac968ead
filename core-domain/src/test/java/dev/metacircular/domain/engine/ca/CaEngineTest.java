package dev.metacircular.domain.engine.ca;

import static dev.metacircular.ports.pki.in.PkiOperations.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.CertSerial;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.DeleteIssuer;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.FetchCrl;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.IssuerName;
import dev.metacircular.ports.pki.in.ListCerts;
import dev.metacircular.ports.pki.in.ListIssuers;
import dev.metacircular.ports.pki.in.OcspRequest;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.SignCsr;
import dev.metacircular.ports.pki.in.Tidy;
import dev.metacircular.ports.pki.in.Ttl;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CaEngineTest {

  private final CaFixture ca = new CaFixture().withIssuerAndRole();

  private static X509Certificate cert(String pem) {
    return Pem.certificates(pem).get(0);
  }

  @Test
  void theRootIsGeneratedAtMountAndTheIssuerChainsToIt() throws Exception {
    X509Certificate root = cert(ca.run(FETCH_CA, new FetchCa(null)).pem());
    X509Certificate issuer = cert(ca.run(GET_ISSUER, new IssuerName("infra")).certificate());

    assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Test Root");
    assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    root.verify(root.getPublicKey());
    issuer.verify(root.getPublicKey());
    assertThat(issuer.getBasicConstraints()).isZero();
    assertThat(issuer.getNotAfter()).isBeforeOrEqualTo(root.getNotAfter());
    assertThat(ca.run(LIST_ISSUERS, new ListIssuers()).issuers()).containsExactly("infra");
    assertThat(Pem.certificates(ca.run(FETCH_CHAIN, new FetchCa(null)).pem())).hasSize(2);
  }

  @Test
  void issueReturnsAKeyOnceAndACertificateWithTheRoleProfile() throws Exception {
    IssuedCertificate issued =
        ca.run(
            ISSUE,
            new Issue(
                "web",
                "www.example.test",
                List.of("api.example.test"),
                List.of("10.0.0.1"),
                List.of("spiffe://test/web"),
                null));
    X509Certificate leaf = cert(issued.certificate());
    X509Certificate issuer = cert(issued.issuingCa());

    leaf.verify(issuer.getPublicKey());
    assertThat(Pem.matches(Pem.privateKey(issued.privateKey().chars()), leaf.getPublicKey()))
        .isTrue();
    assertThat(leaf.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64);
    assertThat(leaf.getSerialNumber()).isEqualTo(issued.serialNumber().value());
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getKeyUsage()[0]).isTrue();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1))
        .containsExactly("www.example.test", "api.example.test", "10.0.0.1", "spiffe://test/web");
    assertThat(leaf.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    assertThat(leaf.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
    assertThat(
            new String(
                leaf.getExtensionValue(Extension.cRLDistributionPoints.getId()),
                StandardCharsets.ISO_8859_1))
        .contains("https://ca.test:8443/v1/pki/pki/issuer/infra/crl");
    assertThat(
            new String(
                leaf.getExtensionValue(Extension.authorityInfoAccess.getId()),
                StandardCharsets.ISO_8859_1))
        .contains("https://ca.test:8443/v1/pki/pki/ocsp");
    // Backdated by at most a minute; 720h by default.
    Duration backdate = Duration.between(leaf.getNotBefore().toInstant(), CaFixture.START);
    assertThat(backdate).isBetween(Duration.ZERO, Duration.ofMinutes(1));
    assertThat(leaf.getNotAfter().toInstant())
        .isEqualTo(CaFixture.START.plus(Duration.ofHours(720)));
    assertThat(issued.caChain()).hasSize(2);
    assertThat(issued.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void theValidityIsCappedByTheRoleAndByTheIssuer() {
    IssuedCertificate capped =
        ca.run(
            ISSUE,
            new Issue("web", "a.example.test", null, null, null, Ttl.of(Duration.ofDays(10000))));
    assertThat(capped.expiration()).isEqualTo(CaFixture.START.plus(Duration.ofHours(2160)));

    ca.run(
        CREATE_ISSUER,
        new CreateIssuer("short", "Short CA", "ec-p256", Ttl.of(Duration.ofHours(2))));
    ca.run(UPDATE_ROLE, RoleSettings.named("web").issuer("short").build());
    IssuedCertificate shortLived =
        ca.run(ISSUE, new Issue("web", "b.example.test", null, null, null, null));
    X509Certificate issuer = cert(shortLived.issuingCa());
    assertThat(shortLived.expiration()).isEqualTo(issuer.getNotAfter().toInstant());
  }

  @Test
  void namesOutsideTheRoleAreRefused() {
    assertThatThrownBy(
            () -> ca.run(ISSUE, new Issue("web", "evil.other.test", null, null, null, null)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("name evil.other.test is not allowed by role web");
    assertThatThrownBy(
            () -> ca.run(ISSUE, new Issue("web", "*.example.test", null, null, null, null)))
        .hasMessageContaining("not allowed by role web");
    assertThatThrownBy(
            () ->
                ca.run(
                    ISSUE,
                    new Issue("web", "a.example.test", null, null, List.of("https://evil"), null)))
        .hasMessageContaining("allowed_uri_sans");
    assertThatThrownBy(
            () -> ca.run(ISSUE, new Issue("nope", "a.example.test", null, null, null, null)))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("role nope not found");
  }

  @Test
  void signChecksTheCsrAndItsNamesAndCopiesNoExtension() throws Exception {
    KeyPair pair = ec("secp256r1");
    String csr = csr(pair, "www.example.test", List.of("api.example.test"), true);
    IssuedCertificate signed = ca.run(SIGN, new SignCsr("web", csr, null, null, null));
    X509Certificate leaf = cert(signed.certificate());

    assertThat(signed.privateKey()).isNull();
    assertThat(leaf.getPublicKey()).isEqualTo(pair.getPublic());
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1))
        .containsExactly("www.example.test", "api.example.test");
    // The CSR asked for a CA basic constraint; the role's profile wins.
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);

    String bad = csr(pair, "www.example.test", List.of("www.evil.test"), false);
    assertThatThrownBy(() -> ca.run(SIGN, new SignCsr("web", bad, null, null, null)))
        .hasMessage("name www.evil.test is not allowed by role web");
    String tampered = csr.replace(csr.substring(100, 104), "AAAA");
    assertThatThrownBy(() -> ca.run(SIGN, new SignCsr("web", tampered, null, null, null)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("csr: ");
    String rsa = csr(rsa(), "www.example.test", List.of(), false);
    assertThatThrownBy(() -> ca.run(SIGN, new SignCsr("web", rsa, null, null, null)))
        .hasMessageContaining("takes ec 256 keys");
  }

  @Test
  void revocationShowsInTheCrlAndInOcsp() throws Exception {
    IssuedCertificate issued =
        ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
    IssuedCertificate other =
        ca.run(ISSUE, new Issue("web", "b.example.test", null, null, null, null));
    ca.clock.advance(Duration.ofMinutes(5));
    var revoked = ca.run(REVOKE, new CertSerial(issued.serialNumber()));
    assertThat(revoked.revocationTime()).isEqualTo(CaFixture.START.plus(Duration.ofMinutes(5)));
    assertThat(ca.run(REVOKE, new CertSerial(issued.serialNumber())).revocationTime())
        .isEqualTo(revoked.revocationTime());

    X509Certificate issuer = cert(issued.issuingCa());
    X509CRL crl = crl(ca.run(FETCH_CRL, new FetchCrl("infra", false)).der());
    crl.verify(issuer.getPublicKey());
    assertThat(crl.getRevokedCertificate(issued.serialNumber().value())).isNotNull();
    assertThat(crl.getRevokedCertificate(other.serialNumber().value())).isNull();
    X509CRL delta = crl(ca.run(FETCH_CRL, new FetchCrl("infra", true)).der());
    assertThat(delta.getExtensionValue(Extension.deltaCRLIndicator.getId())).isNotNull();
    assertThat(crl.getExtensionValue(Extension.freshestCRL.getId())).isNotNull();

    assertThat(ocsp(issuer, issued.serialNumber().value())).isInstanceOf(RevokedStatus.class);
    assertThat(ocsp(issuer, other.serialNumber().value())).isNull(); // good
    assertThat(ca.run(LIST_CERTS, new ListCerts(null, true)).certs()).hasSize(1);
    assertThat(ca.run(GET_CERT, new CertSerial(issued.serialNumber())).revoked()).isTrue();
  }

  @Test
  void renewKeepsTheNamesWithANewKeyAndValidity() throws Exception {
    IssuedCertificate issued =
        ca.run(
            ISSUE, new Issue("web", "a.example.test", List.of("b.example.test"), null, null, null));
    ca.clock.advance(Duration.ofDays(10));
    IssuedCertificate renewed = ca.run(RENEW, new CertSerial(issued.serialNumber()));
    X509Certificate a = cert(issued.certificate());
    X509Certificate b = cert(renewed.certificate());
    assertThat(List.copyOf(b.getSubjectAlternativeNames()))
        .isEqualTo(List.copyOf(a.getSubjectAlternativeNames()));
    assertThat(b.getPublicKey()).isNotEqualTo(a.getPublicKey());
    assertThat(b.getNotAfter()).isAfter(a.getNotAfter());
    assertThat(renewed.privateKey()).isNotNull();

    IssuedCertificate signed =
        ca.run(
            SIGN,
            new SignCsr(
                "web", csr(ec("secp256r1"), "c.example.test", List.of(), false), null, null, null));
    assertThatThrownBy(() -> ca.run(RENEW, new CertSerial(signed.serialNumber())))
        .hasMessageContaining("renew it by signing a new CSR");
  }

  @Test
  void tidyRemovesCertificatesExpiredBeyondTheBuffer() {
    IssuedCertificate issued =
        ca.run(
            ISSUE,
            new Issue("web", "a.example.test", null, null, null, Ttl.of(Duration.ofHours(1))));
    ca.run(REVOKE, new CertSerial(issued.serialNumber()));
    ca.clock.advance(Duration.ofHours(2));
    assertThat(ca.run(TIDY, new Tidy(null)).removed()).isEmpty();
    ca.clock.advance(Duration.ofHours(72));
    assertThat(ca.run(TIDY, new Tidy(null)).removed()).containsExactly(issued.serialNumber());
    assertThat(ca.run(LIST_CERTS, new ListCerts(null, null)).certs()).isEmpty();
  }

  @Test
  void deletingAnIssuerWithLiveCertificatesNeedsForce() {
    ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
    assertThatThrownBy(() -> ca.run(DELETE_ISSUER, new DeleteIssuer("infra", null)))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessageContaining("1 unexpired certificate(s)");
    assertThat(ca.run(DELETE_ISSUER, new DeleteIssuer("infra", true)).deleted()).isTrue();
    assertThat(ca.run(LIST_ISSUERS, new ListIssuers()).issuers()).isEmpty();
    assertThatThrownBy(
            () -> ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null)))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("issuer infra not found");
  }

  @Test
  void rolesAndIssuersRefuseDuplicatesAndBadSettings() {
    assertThatThrownBy(() -> ca.run(CREATE_ISSUER, new CreateIssuer("infra", "X", null, null)))
        .isInstanceOf(DomainException.Conflict.class);
    assertThatThrownBy(() -> ca.run(CREATE_ISSUER, new CreateIssuer("root", "X", null, null)))
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> ca.run(CREATE_ISSUER, new CreateIssuer("x", "X", "dsa", null)))
        .hasMessageStartingWith("key_type must be one of ec-p256");
    assertThatThrownBy(
            () -> ca.run(CREATE_ROLE, CaFixture.role("web", List.of(), true, true, true)))
        .isInstanceOf(DomainException.Conflict.class);
    assertThatThrownBy(() -> ca.run(CREATE_ROLE, RoleSettings.named("r").issuer("nope").build()))
        .hasMessage("issuer nope not found");
    assertThatThrownBy(
            () ->
                ca.run(
                    CREATE_ROLE,
                    RoleSettings.named("r")
                        .issuer("infra")
                        .ttl(Ttl.of(Duration.ofDays(9)))
                        .maxTtl(Ttl.of(Duration.ofDays(1)))
                        .build()))
        .hasMessage("ttl (216h) must not exceed max_ttl (24h)");
    var role = ca.run(GET_ROLE, new RoleName("web"));
    assertThat(role.keyType()).isEqualTo("ec");
    assertThat(role.keyBits()).isEqualTo(256);
    assertThat(role.serverFlag()).isTrue();
    assertThat(ca.run(DELETE_ROLE, new RoleName("web")).deleted()).isTrue();
    assertThatThrownBy(() -> ca.run(GET_ROLE, new RoleName("web")))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void createEabGivesSingleRoleCredentialsForTheCaller() {
    var eab = ca.run(CREATE_EAB, new RoleName("web"));
    assertThat(eab.hmacKey().key()).hasSize(32);
    assertThat(eab.role()).isEqualTo("web");
    assertThat(eab.expiresAt()).isEqualTo(CaFixture.START.plus(Duration.ofHours(24)));
    assertThat(eab.toString()).doesNotContain(eab.hmacKey().text());
    assertThatThrownBy(() -> ca.run(CREATE_EAB, new RoleName("nope")))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void privateKeysLiveOnlyInTheirOwnBarrierEntriesAndSurviveReopening() throws Exception {
    IssuedCertificate issued =
        ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
    byte[] leafKey = Pem.privateKey(issued.privateKey().chars()).getEncoded();
    for (String path : ca.storage.list("")) {
      byte[] value = ca.storage.get(path).orElseThrow();
      assertThat(HexFormat.of().formatHex(value))
          .as(path)
          .doesNotContain(
              HexFormat.of()
                  .formatHex(
                      java.util.Arrays.copyOfRange(leafKey, leafKey.length - 32, leafKey.length)));
    }
    assertThat(ca.storage.list(""))
        .filteredOn(p -> p.endsWith("/key"))
        .containsExactlyInAnyOrder("root/key", "issuers/infra/key");
    String before = ca.run(FETCH_CA, new FetchCa(null)).pem();
    ca.reopen();
    assertThat(ca.run(FETCH_CA, new FetchCa(null)).pem()).isEqualTo(before);
    ca.run(ISSUE, new Issue("web", "b.example.test", null, null, null, null));
  }

  @Test
  void anImportedRootIsUsedAndItsKeyNeverRestsInTheConfig() throws Exception {
    CaFixture source = new CaFixture();
    String rootPem = source.run(FETCH_CA, new FetchCa(null)).pem();
    byte[] rootKey = source.storage.get("root/key").orElseThrow();
    String keyPem =
        new String(Pem.privateKeyPem(Pem.privateKey(rootKey)), StandardCharsets.US_ASCII);

    CaFixture imported =
        new CaFixture(Map.of("root_certificate", rootPem, "root_private_key", keyPem));
    assertThat(imported.config).doesNotContainKey("root_private_key");
    assertThat(imported.config.toString()).doesNotContain("PRIVATE KEY");
    assertThat(imported.run(FETCH_CA, new FetchCa(null)).pem()).isEqualTo(rootPem);

    CaFixture other = new CaFixture();
    String otherKey =
        new String(
            Pem.privateKeyPem(Pem.privateKey(other.storage.get("root/key").orElseThrow())),
            StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () -> new CaFixture(Map.of("root_certificate", rootPem, "root_private_key", otherKey)))
        .hasMessage("root_private_key does not match root_certificate's public key");
  }

  @Test
  void theMountConfigIsCheckedAndNormalised() {
    assertThat(new CaEngineType().validateConfig(Map.of("root_common_name", "R")))
        .containsEntry("root_key_type", "ec-p384")
        .containsEntry("root_ttl", "87600h");
    assertThatThrownBy(() -> new CaEngineType().validateConfig(Map.of()))
        .hasMessageStartingWith("root_common_name is required");
    assertThatThrownBy(
            () -> new CaEngineType().validateConfig(Map.of("root_common_name", "R", "x", 1)))
        .hasMessageStartingWith("unknown ca mount config field x");
    assertThatThrownBy(
            () ->
                new CaEngineType()
                    .validateConfig(Map.of("root_common_name", "R", "root_key_type", "dsa")))
        .hasMessageStartingWith("root_key_type must be one of");
    assertThatThrownBy(
            () ->
                new CaEngineType()
                    .validateConfig(
                        Map.of("root_common_name", "R", "acme", Map.of("http01_port", 0))))
        .hasMessage("acme.http01_port must be a port number (1-65535)");
  }

  @Test
  void everyRootKeyTypeMakesAWorkingCa() throws Exception {
    for (String type : List.of("ec-p256", "ec-p384", "rsa-2048", "ed25519")) {
      CaFixture fx = new CaFixture(Map.of("root_common_name", "R " + type, "root_key_type", type));
      fx.run(CREATE_ISSUER, new CreateIssuer("infra", "I", type, null));
      fx.run(CREATE_ROLE, CaFixture.role("web", List.of("example.test"), true, false, false));
      IssuedCertificate issued =
          fx.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
      cert(issued.certificate()).verify(cert(issued.issuingCa()).getPublicKey());
      crl(fx.run(FETCH_CRL, new FetchCrl("infra", false)).der())
          .verify(cert(issued.issuingCa()).getPublicKey());
    }
  }

  private Object ocsp(X509Certificate issuer, BigInteger serial) throws Exception {
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    var id =
        new CertificateID(
            digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), serial);
    byte[] nonce = new byte[] {4, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    byte[] request =
        new OCSPReqBuilder()
            .addRequest(id)
            .setRequestExtensions(
                new org.bouncycastle.asn1.x509.Extensions(
                    new Extension(
                        org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                        false,
                        nonce)))
            .build()
            .getEncoded();
    OCSPResp response = new OCSPResp(ca.run(OCSP, new OcspRequest(request)).response());
    assertThat(response.getStatus()).isZero();
    BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
    assertThat(
            basic.isSignatureValid(
                new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(issuer.getPublicKey())))
        .isTrue();
    assertThat(
            basic
                .getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                .getExtnValue()
                .getOctets())
        .isEqualTo(nonce);
    return basic.getResponses()[0].getCertStatus();
  }

  @Test
  void ocspAnswersWithoutANonceAreReusedUntilAStatusChanges() throws Exception {
    IssuedCertificate issued =
        ca.run(ISSUE, new Issue("web", "a.example.test", null, null, null, null));
    X509Certificate issuer = cert(issued.issuingCa());
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    var id =
        new CertificateID(
            digests.get(CertificateID.HASH_SHA1),
            new JcaX509CertificateHolder(issuer),
            issued.serialNumber().value());
    byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    byte[] first = ca.run(OCSP, new OcspRequest(request)).response();
    ca.clock.advance(Duration.ofMinutes(1));
    assertThat(ca.run(OCSP, new OcspRequest(request)).response()).isEqualTo(first);

    ca.run(REVOKE, new CertSerial(issued.serialNumber()));
    byte[] afterRevoke = ca.run(OCSP, new OcspRequest(request)).response();
    assertThat(afterRevoke).isNotEqualTo(first);
    BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(afterRevoke).getResponseObject();
    assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);

    ca.clock.advance(Duration.ofMinutes(61));
    assertThat(ca.run(OCSP, new OcspRequest(request)).response()).isNotEqualTo(afterRevoke);
  }

  @Test
  void ocspAnswersMalformedRequestsAndUnknownIssuersWithOcspStatuses() throws Exception {
    OCSPResp garbage = new OCSPResp(ca.run(OCSP, new OcspRequest(new byte[] {1, 2, 3})).response());
    assertThat(garbage.getStatus()).isEqualTo(1); // malformedRequest
    X509Certificate stranger = cert(new CaFixture().run(FETCH_CA, new FetchCa(null)).pem());
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    var id =
        new CertificateID(
            digests.get(CertificateID.HASH_SHA1),
            new JcaX509CertificateHolder(stranger),
            BigInteger.TEN);
    byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
    assertThat(new OCSPResp(ca.run(OCSP, new OcspRequest(request)).response()).getStatus())
        .isEqualTo(6); // unauthorized
  }

  private static X509CRL crl(byte[] der) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static String csr(KeyPair pair, String cn, List<String> sans, boolean askForCa) throws Exception {
    PKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), pair.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    if (!sans.isEmpty()) {
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              sans.stream()
                  .map(s -> new GeneralName(GeneralName.dNSName, s))
                  .toArray(GeneralName[]::new)));
    }
    if (askForCa) {
      extensions.addExtension(
          Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
    }
    if (!extensions.isEmpty()) {
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    String alg =
        pair.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return Pem.encode(
        "CERTIFICATE REQUEST",
        builder.build(new JcaContentSignerBuilder(alg).build(pair.getPrivate())).getEncoded());
  }
}
