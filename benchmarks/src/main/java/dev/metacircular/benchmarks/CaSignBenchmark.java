package dev.metacircular.benchmarks;

import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.CertificateProfile;
import dev.metacircular.crypto.x509.CertificateSigner;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.SignCsr;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CA's {@code sign} of a CSR (a P-256 leaf key, a P-384 issuer) beside the bare signing of the
 * same kind of TBSCertificate with the JCA in the same run (issue 11's target: ≥ 0.7).
 *
 * <ul>
 *   <li>{@link #jcaSignTbs} and {@link #bcSignTbs} (the baselines): {@code SHA384withECDSA} over
 *       the DER of a TBSCertificate our CA issued for that CSR (the same names and extensions),
 *       with a P-384 key, by the JDK's provider and by Bouncy Castle's: the signature alone, the
 *       floor of any CA. The engine signs with the faster (Bouncy Castle's on JDK 17), and the
 *       figure is against the faster of the two in the same run;
 *   <li>{@link #caSign}: {@code EngineUseCase.run(SIGN)} for an admin on an unsealed in-memory
 *       core: the barrier's lock and state check, the ACL (admin bypass), the audit entry, then the
 *       engine: the CSR parsed and its signature verified (P-256), the names checked against the
 *       role, a fresh unique serial, the certificate built (SKI, AKI, KU, EKU, SANs, CRL DP, AIA)
 *       and signed, its record stored in the barrier (sealed with AES-GCM), the chain PEM encoded.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class CaSignBenchmark {
  private static final char[] SEAL = "benchmark seal password".toCharArray();
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "bench", Set.of(Role.ADMIN), AccountType.HUMAN, null, "");

  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private EmbeddedPlatform platform;
  private EngineUseCase engines;
  private SignCsr request;
  private PrivateKey issuerKey;
  private byte[] tbs;
  private Signature jcaSigner;
  private Signature bcSigner;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    platform = EmbeddedPlatform.inMemory().forTests().start();
    var api = platform.crypto().useCases();
    api.seal().initialize(SEAL.clone());
    api.seal().unseal(SEAL.clone(), "");
    api.mounts()
        .mount(
            ADMIN,
            "pki",
            "ca",
            Map.of("root_common_name", "Bench Root", "root_key_type", "ec-p384"));
    engines = api.engines();
    engines.run(
        ADMIN,
        "pki",
        PkiOperations.CREATE_ISSUER,
        new CreateIssuer("infra", "Bench CA", "ec-p384", null));
    engines.run(ADMIN, "pki", PkiOperations.CREATE_ROLE, webRole());
    KeyPair leaf = CertificateKeyType.EC_P256.generate();
    request = new SignCsr("web", csr(leaf), null, null, null);

    // The baseline signs the TBSCertificate of a certificate the CA made for this CSR, with a
    // P-384 key like the issuer's.
    IssuedCertificate sample = engines.run(ADMIN, "pki", PkiOperations.SIGN, request);
    X509Certificate certificate = Pem.certificates(sample.certificate()).get(0);
    tbs = certificate.getTBSCertificate();
    KeyPair issuer = CertificateKeyType.EC_P384.generate();
    issuerKey = issuer.getPrivate();
    jcaSigner = Signature.getInstance("SHA384withECDSA");
    jcaSigner.initSign(issuerKey, dev.metacircular.crypto.SecureRandoms.instance());
    bcSigner = Signature.getInstance("SHA384withECDSA", BC);
    bcSigner.initSign(
        (PrivateKey) java.security.KeyFactory.getInstance("EC", BC).translateKey(issuerKey),
        dev.metacircular.crypto.SecureRandoms.instance());
    // Keep the CA's own classes warm in both benchmarks' JVMs alike.
    CertificateSigner.selfSigned(
        CertificateProfile.authority(
            "x", BigInteger.TEN, Instant.now(), Instant.now().plusSeconds(60), null),
        issuer);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    platform.close();
  }

  /**
   * The signature alone: the {@code Signature} object is set up once (key, shared random) and only
   * {@code update} + {@code sign} are timed, as the engine keeps its signer per issuer; setting up
   * per call (provider lookup, key translation, a new random) would flatter the figure.
   */
  @Benchmark
  public byte[] jcaSignTbs() throws GeneralSecurityException {
    jcaSigner.update(tbs);
    return jcaSigner.sign();
  }

  /** The same signature with Bouncy Castle's provider (never registered, passed by instance). */
  @Benchmark
  public byte[] bcSignTbs() throws GeneralSecurityException {
    bcSigner.update(tbs);
    return bcSigner.sign();
  }

  @Benchmark
  public IssuedCertificate caSign() {
    return engines.run(ADMIN, "pki", PkiOperations.SIGN, request);
  }

  /** Role {@code web} of issuer {@code infra}: names under example.test, EC P-256 keys. */
  static RoleSettings webRole() {
    return RoleSettings.named("web")
        .issuer("infra")
        .allowedDomains(List.of("example.test"))
        .allowSubdomains(true)
        .allowBareDomains(false)
        .allowWildcard(false)
        .keyType("ec")
        .keyBits(256)
        .build();
  }

  /** A CSR for www.example.test and api.example.test, signed with {@code pair}. */
  static String csr(KeyPair pair) throws Exception {
    var builder =
        new JcaPKCS10CertificationRequestBuilder(
            new X500Name("CN=www.example.test"), pair.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "www.example.test"),
              new GeneralName(GeneralName.dNSName, "api.example.test")
            }));
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return Pem.encode(
        "CERTIFICATE REQUEST",
        builder
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
            .getEncoded());
  }
}
