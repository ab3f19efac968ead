package dev.metacircular.domain.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.domain.engine.ca.AcmeCa;
import dev.metacircular.domain.engine.ca.CaEngineType;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryEngineStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.acme.AcmeAuditTypes;
import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.AcmeRefusal;
import dev.metacircular.ports.acme.ChallengeType;
import dev.metacircular.ports.acme.ValidationTarget;
import dev.metacircular.ports.acme.in.AccountKey;
import dev.metacircular.ports.acme.in.AccountSigner;
import dev.metacircular.ports.acme.in.AccountUpdate;
import dev.metacircular.ports.acme.in.AcmeAccount;
import dev.metacircular.ports.acme.in.AcmeAuthorization;
import dev.metacircular.ports.acme.in.AcmeChallenge;
import dev.metacircular.ports.acme.in.AcmeDirectoryId;
import dev.metacircular.ports.acme.in.AcmeOrder;
import dev.metacircular.ports.acme.in.ExternalBinding;
import dev.metacircular.ports.acme.in.Identifier;
import dev.metacircular.ports.acme.in.NewAccount;
import dev.metacircular.ports.acme.in.RenewalWindow;
import dev.metacircular.ports.acme.in.RevokeCertificate;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.CertInfo;
import dev.metacircular.ports.pki.in.CertSerial;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ACME state machine, EAB and nonces over a real {@code ca} engine in memory. */
class AcmeServerTest {
  static final String URL = "https://ca.test/acme/pki/web/new-account";
  static final AcmeDirectoryId DIR = new AcmeDirectoryId("pki", "web");
  static final Caller ALICE = new Caller(null, "alice", null, null, null, "127.0.0.1");

  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final AtomicReference<Optional<AcmeProblem>> outcome = new AtomicReference<>(Optional.empty());
  final List<ValidationTarget> validated = new ArrayList<>();
  final List<TelemetryEvent> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicReference<RuntimeException> sealed = new AtomicReference<>();
  Engine engine;
  AcmeServer acme;

  @BeforeEach
  void setUp() {
    engine = mount(true);
    engine.handle(
        PkiOperations.CREATE_ISSUER, new CreateIssuer("infra", "Infra", "ec-p256", null), ALICE);
    engine.handle(
        PkiOperations.CREATE_ROLE,
        RoleSettings.named("web")
            .issuer("infra")
            .allowedDomains(List.of("example.test"))
            .allowSubdomains(true)
            .allowBareDomains(true)
            .allowWildcard(true)
            .allowLocalhost(true)
            .allowIpSans(false)
            .build(),
        ALICE);
    acme = server(engine, Runnable::run, 1);
  }

  Engine mount(boolean enabled) {
    CaEngineType type = new CaEngineType();
    Map<String, Object> config =
        type.validateConfig(
            Map.of(
                "root_common_name",
                "Root",
                "root_key_type",
                "ec-p256",
                "acme",
                Map.of("enabled", enabled)));
    return type.open(new EngineContext("pki", config, new InMemoryEngineStorage(), clock));
  }

  AcmeServer server(Engine over, java.util.concurrent.Executor executor, int attempts) {
    CaMounts mounts =
        new CaMounts() {
          @Override
          public <T> T withMount(String mount, Function<AcmeCa, T> work) {
            if (sealed.get() != null) {
              throw sealed.get();
            }
            if (!mount.equals("pki")) {
              throw new DomainException.NotFound("mount " + mount + " not found");
            }
            return work.apply(AcmeCa.of(over).orElseThrow());
          }
        };
    return new AcmeServer(
        mounts,
        audit,
        target -> {
          synchronized (validated) {
            validated.add(target);
          }
          return outcome.get();
        },
        executor,
        clock,
        new AcmeServer.Settings(attempts, Duration.ZERO, 1000),
        reported::add);
  }

  // --- helpers ---

  record Client(KeyPair pair, AccountKey key) {}

  static Client client() {
    KeyPair pair = CertificateKeyType.EC_P256.generate();
    byte[] spki = pair.getPublic().getEncoded();
    String print =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(java.util.Arrays.copyOf(sha256(spki), 32));
    return new Client(pair, new AccountKey(print, "EC", spki));
  }

  static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  EabCredentials eab(String role) {
    return engine.handle(PkiOperations.CREATE_EAB, new RoleName(role), ALICE);
  }

  static ExternalBinding binding(EabCredentials eab, AccountKey key, String alg, String url)
      throws Exception {
    byte[] input = ("header." + key.thumbprint()).getBytes(StandardCharsets.US_ASCII);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(eab.hmacKey().key(), "HmacSHA256"));
    return new ExternalBinding(eab.kid(), alg, url, key.thumbprint(), input, mac.doFinal(input));
  }

  AcmeAccount register(Client c) throws Exception {
    return acme.newAccount(
        DIR,
        new NewAccount(
            c.key(),
            List.of("mailto:ops@example.test"),
            true,
            false,
            binding(eab("web"), c.key(), "HS256", URL),
            URL));
  }

  static AccountSigner signer(AcmeAccount a, Client c) {
    return new AccountSigner(a.id(), c.key().thumbprint());
  }

  static byte[] csr(KeyPair pair, String cn, List<String> sans) throws Exception {
    var builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), pair.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            sans.stream()
                .map(s -> new GeneralName(GeneralName.dNSName, s))
                .toArray(GeneralName[]::new)));
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return builder
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
        .getEncoded();
  }

  static AcmeProblemType refusal(Runnable call) {
    try {
      call.run();
    } catch (AcmeRefusal e) {
      return e.problem().type();
    }
    throw new AssertionError("expected an ACME refusal");
  }

  /** An account with a valid order for the names, every authorization answered with http-01. */
  AcmeOrder readyOrder(AcmeAccount account, Client c, String... names) {
    AcmeOrder order =
        acme.newOrder(
            DIR,
            signer(account, c),
            List.of(names).stream().map(n -> new Identifier("dns", n)).toList());
    for (String authz : order.authorizationIds()) {
      AcmeAuthorization a = acme.authorization(DIR, signer(account, c), authz, false);
      AcmeChallenge challenge =
          a.challenges().stream()
              .filter(
                  ch -> ch.type() == (a.wildcard() ? ChallengeType.DNS_01 : ChallengeType.HTTP_01))
              .findFirst()
              .orElseThrow();
      acme.challenge(DIR, signer(account, c), challenge.id(), true);
    }
    return acme.order(DIR, signer(account, c), order.id());
  }

  // --- tests ---

  @Test
  void directoryNeedsAnEnabledMountAndAnExistingRole() {
    assertThat(acme.directory(DIR).externalAccountRequired()).isTrue();
    assertThat(refusal(() -> acme.directory(new AcmeDirectoryId("pki", "nope"))))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
    assertThat(refusal(() -> acme.directory(new AcmeDirectoryId("other", "web"))))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
    assertThat(refusal(() -> acme.directory(new AcmeDirectoryId("pki", "../web"))))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
    AcmeServer off = server(mount(false), Runnable::run, 1);
    assertThat(refusal(() -> off.directory(DIR))).isEqualTo(AcmeProblemType.NOT_FOUND);
  }

  @Test
  void aSealedServiceAnswersUnavailable() {
    sealed.set(new DomainException.Unavailable("sealed"));
    AcmeRefusal refusal =
        org.junit.jupiter.api.Assertions.assertThrows(AcmeRefusal.class, () -> acme.directory(DIR));
    assertThat(refusal.problem().type()).isEqualTo(AcmeProblemType.UNAVAILABLE);
    assertThat(refusal.problem().type().status()).isEqualTo(503);
  }

  @Test
  void noncesAreSingleUseAndExpire() {
    String nonce = acme.newNonce();
    assertThat(acme.consumeNonce(nonce)).isTrue();
    assertThat(acme.consumeNonce(nonce)).isFalse();
    assertThat(acme.consumeNonce("made-up")).isFalse();
    assertThat(acme.consumeNonce(null)).isFalse();
    String old = acme.newNonce();
    clock.advance(AcmeNonces.LIFETIME);
    assertThat(acme.consumeNonce(old)).isFalse();
  }

  @Test
  void noncesAreBoundedDroppingTheOldest() {
    AcmeNonces nonces = new AcmeNonces(clock, 3);
    String first = nonces.next();
    String second = nonces.next();
    nonces.next();
    nonces.next();
    assertThat(nonces.outstanding()).isEqualTo(3);
    assertThat(nonces.use(first)).isFalse();
    assertThat(nonces.use(second)).isTrue();
    assertThatThrownBy(() -> new AcmeNonces(clock, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNonceRacedByManyThreadsIsUsedExactlyOnce() throws Exception {
    for (int round = 0; round < 20; round++) {
      String nonce = acme.newNonce();
      assertThat(race(32, i -> acme.consumeNonce(nonce))).isEqualTo(1);
    }
  }

  /** Runs {@code call} on {@code n} threads released together; counts the true answers. */
  static int race(int n, Function<Integer, Boolean> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return call.apply(index);
              }));
    }
    start.countDown();
    int wins = 0;
    for (Future<Boolean> f : results) {
      wins += f.get() ? 1 : 0;
    }
    pool.shutdown();
    return wins;
  }

  @Test
  void accountsNeedExternalAccountBindingWhichIsSingleUse() throws Exception {
    Client c = client();
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, null, URL))))
        .isEqualTo(AcmeProblemType.EXTERNAL_ACCOUNT_REQUIRED);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, true, null, URL))))
        .isEqualTo(AcmeProblemType.ACCOUNT_DOES_NOT_EXIST);
    EabCredentials eab = eab("web");
    AcmeAccount created =
        acme.newAccount(
            DIR,
            new NewAccount(
                c.key(),
                List.of("mailto:a@example.test"),
                true,
                false,
                binding(eab, c.key(), "HS256", URL),
                URL));
    assertThat(created.created()).isTrue();
    assertThat(created.status()).isEqualTo("valid");
    assertThat(created.contact()).containsExactly("mailto:a@example.test");
    // The same key finds the same account, with or without onlyReturnExisting.
    AcmeAccount again =
        acme.newAccount(DIR, new NewAccount(c.key(), List.of(), true, true, null, URL));
    assertThat(again.id()).isEqualTo(created.id());
    assertThat(again.created()).isFalse();
    // The used credentials open no second account.
    Client other = client();
    ExternalBinding reused = binding(eab, other.key(), "HS256", URL);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(other.key(), List.of(), true, false, reused, URL))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(audit.query(AuditFilter.latest(100)).stream().map(e -> e.type()))
        .contains(AcmeAuditTypes.ACCOUNT_CREATED);
  }

  @Test
  void aBadBindingIsRefusedAndLeavesTheCredentialsUnused() throws Exception {
    Client c = client();
    EabCredentials eab = eab("web");
    ExternalBinding good = binding(eab, c.key(), "HS256", URL);
    ExternalBinding forged =
        new ExternalBinding(
            eab.kid(), "HS256", URL, c.key().thumbprint(), good.signingInput(), new byte[32]);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, forged, URL))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    ExternalBinding none =
        new ExternalBinding(
            eab.kid(), "none", URL, c.key().thumbprint(), good.signingInput(), good.signature());
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, none, URL))))
        .isEqualTo(AcmeProblemType.BAD_SIGNATURE_ALGORITHM);
    ExternalBinding elsewhere = binding(eab, c.key(), "HS256", "https://evil.test/new-account");
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, elsewhere, URL))))
        .isEqualTo(AcmeProblemType.MALFORMED);
    ExternalBinding otherKey = binding(eab, client().key(), "HS256", URL);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, otherKey, URL))))
        .isEqualTo(AcmeProblemType.MALFORMED);
    ExternalBinding unknown =
        new ExternalBinding(
            "nope", "HS256", URL, c.key().thumbprint(), good.signingInput(), good.signature());
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, unknown, URL))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    EabCredentials otherRole = eab("web");
    engine.handle(
        PkiOperations.CREATE_ROLE,
        RoleSettings.named("api")
            .issuer("infra")
            .allowedDomains(List.of("example.test"))
            .allowSubdomains(true)
            .allowBareDomains(true)
            .allowWildcard(false)
            .allowLocalhost(false)
            .allowIpSans(false)
            .build(),
        ALICE);
    EabCredentials forApi = eab("api");
    ExternalBinding wrongRole = binding(forApi, c.key(), "HS256", URL);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, false, wrongRole, URL))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of("tel:123"), true, false, good, URL))))
        .isEqualTo(AcmeProblemType.UNSUPPORTED_CONTACT);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR,
                        new NewAccount(c.key(), List.of("mailto:nobody"), true, false, good, URL))))
        .isEqualTo(AcmeProblemType.INVALID_CONTACT);
    // After all of that the credentials still open exactly one account.
    assertThat(
            acme.newAccount(DIR, new NewAccount(c.key(), List.of(), true, false, good, URL))
                .created())
        .isTrue();
    clock.advance(Duration.ofHours(25));
    Client late = client();
    ExternalBinding expired = binding(otherRole, late.key(), "HS256", URL);
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(late.key(), List.of(), true, false, expired, URL))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
  }

  @Test
  void eabCredentialsRacedByManyClientsOpenExactlyOneAccount() throws Exception {
    EabCredentials eab = eab("web");
    List<Client> clients = new ArrayList<>();
    List<ExternalBinding> bindings = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Client c = client();
      clients.add(c);
      bindings.add(binding(eab, c.key(), "HS256", URL));
    }
    AtomicInteger refused = new AtomicInteger();
    int wins =
        race(
            16,
            i -> {
              try {
                acme.newAccount(
                    DIR,
                    new NewAccount(
                        clients.get(i).key(), List.of(), true, false, bindings.get(i), URL));
                return true;
              } catch (AcmeRefusal e) {
                assertThat(e.problem().type()).isEqualTo(AcmeProblemType.UNAUTHORIZED);
                refused.incrementAndGet();
                return false;
              }
            });
    assertThat(wins).isEqualTo(1);
    assertThat(refused.get()).isEqualTo(15);
  }

  @Test
  void anOrderGoesFromPendingToReadyToValidAndIssuesUnderTheRole() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    AcmeOrder order =
        acme.newOrder(
            DIR,
            signer(account, c),
            List.of(
                new Identifier("dns", "WWW.example.test"),
                new Identifier("dns", "*.example.test")));
    assertThat(order.status()).isEqualTo("pending");
    assertThat(order.identifiers())
        .extracting(Identifier::value)
        .containsExactly("www.example.test", "*.example.test");
    AcmeAuthorization www =
        acme.authorization(DIR, signer(account, c), order.authorizationIds().get(0), false);
    assertThat(www.challenges())
        .extracting(AcmeChallenge::type)
        .containsExactly(ChallengeType.HTTP_01, ChallengeType.DNS_01, ChallengeType.TLS_ALPN_01);
    AcmeAuthorization wildcard =
        acme.authorization(DIR, signer(account, c), order.authorizationIds().get(1), false);
    assertThat(wildcard.wildcard()).isTrue();
    assertThat(wildcard.identifier().value()).isEqualTo("example.test");
    assertThat(wildcard.challenges())
        .extracting(AcmeChallenge::type)
        .containsExactly(ChallengeType.DNS_01);
    KeyPair key = CertificateKeyType.EC_P256.generate();
    byte[] good = csr(key, "www.example.test", List.of("www.example.test", "*.example.test"));
    assertThat(refusal(() -> acme.finalizeOrder(DIR, signer(account, c), order.id(), good)))
        .isEqualTo(AcmeProblemType.ORDER_NOT_READY);

    AcmeOrder ready = readyOrder(account, c, "www.example.test", "*.example.test");
    assertThat(ready.status()).isEqualTo("ready");
    ValidationTarget target = validated.get(0);
    assertThat(target.type()).isEqualTo(ChallengeType.HTTP_01);
    assertThat(target.name()).isEqualTo("www.example.test");
    assertThat(target.keyAuthorization()).isEqualTo(target.token() + "." + c.key().thumbprint());
    assertThat(target.http01Port()).isEqualTo(80);
    assertThat(validated.get(1).name()).isEqualTo("example.test");
    assertThat(validated.get(1).type()).isEqualTo(ChallengeType.DNS_01);
    AcmeAuthorization decided =
        acme.authorization(DIR, signer(account, c), ready.authorizationIds().get(0), false);
    assertThat(decided.status()).isEqualTo("valid");
    assertThat(decided.challenges().get(0).validated()).isEqualTo(clock.instant());

    byte[] wrong = csr(key, "www.example.test", List.of("www.example.test"));
    assertThat(refusal(() -> acme.finalizeOrder(DIR, signer(account, c), ready.id(), wrong)))
        .isEqualTo(AcmeProblemType.BAD_CSR);
    assertThat(
            refusal(
                () -> acme.finalizeOrder(DIR, signer(account, c), ready.id(), new byte[] {1, 2})))
        .isEqualTo(AcmeProblemType.BAD_CSR);
    AcmeOrder valid = acme.finalizeOrder(DIR, signer(account, c), ready.id(), good);
    assertThat(valid.status()).isEqualTo("valid");
    assertThat(valid.certificateId()).isNotNull();
    String chain = acme.certificate(DIR, signer(account, c), valid.certificateId()).pem();
    List<X509Certificate> certs = Pem.certificates(chain);
    assertThat(certs).hasSize(2);
    assertThat(
            certs.get(0).getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
        .containsExactlyInAnyOrder("www.example.test", "*.example.test");
    assertThat(certs.get(0).getPublicKey()).isEqualTo(key.getPublic());
    certs.get(0).verify(certs.get(1).getPublicKey());
    CertInfo info =
        engine.handle(
            PkiOperations.GET_CERT,
            new CertSerial(new SerialNumber(certs.get(0).getSerialNumber())),
            ALICE);
    assertThat(info.role()).isEqualTo("web");
    assertThat(acme.orders(DIR, signer(account, c))).contains(order.id(), ready.id());
    assertThat(audit.query(AuditFilter.latest(100)).stream().map(e -> e.type()))
        .contains(AcmeAuditTypes.ORDER_FINALIZED);
    // Another account sees none of it.
    Client stranger = client();
    AcmeAccount other = register(stranger);
    assertThat(refusal(() -> acme.certificate(DIR, signer(other, stranger), valid.certificateId())))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(refusal(() -> acme.order(DIR, signer(other, stranger), valid.id())))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(refusal(() -> acme.order(DIR, signer(account, stranger), valid.id())))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(refusal(() -> acme.finalizeOrder(DIR, signer(account, c), valid.id(), good)))
        .isEqualTo(AcmeProblemType.ORDER_NOT_READY);
    assertThat(reported)
        .contains(
            new TelemetryEvent.AcmeOrder("pending"),
            new TelemetryEvent.AcmeValidation("http-01", TelemetryEvent.Outcome.OK),
            new TelemetryEvent.AcmeValidation("dns-01", TelemetryEvent.Outcome.OK),
            new TelemetryEvent.AcmeOrder("valid"));
  }

  @Test
  void namesOutsideTheRoleAreRejected() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    assertThat(
            refusal(
                () ->
                    acme.newOrder(
                        DIR, signer(account, c), List.of(new Identifier("dns", "www.evil.test")))))
        .isEqualTo(AcmeProblemType.REJECTED_IDENTIFIER);
    assertThat(
            refusal(
                () ->
                    acme.newOrder(
                        DIR, signer(account, c), List.of(new Identifier("ip", "127.0.0.1")))))
        .isEqualTo(AcmeProblemType.UNSUPPORTED_IDENTIFIER);
    assertThat(refusal(() -> acme.newOrder(DIR, signer(account, c), List.of())))
        .isEqualTo(AcmeProblemType.MALFORMED);
    assertThat(
            refusal(
                () ->
                    acme.newOrder(
                        DIR,
                        signer(account, c),
                        List.of(new Identifier("dns", "*.*.example.test")))))
        .isEqualTo(AcmeProblemType.REJECTED_IDENTIFIER);
  }

  @Test
  void aFailedValidationIsRecordedAndInvalidatesTheOrder() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    outcome.set(Optional.of(new AcmeProblem(AcmeProblemType.CONNECTION, "refused")));
    AcmeOrder order = readyOrder(account, c, "www.example.test");
    assertThat(order.status()).isEqualTo("invalid");
    assertThat(order.error().type()).isEqualTo(AcmeProblemType.CONNECTION);
    AcmeAuthorization authz =
        acme.authorization(DIR, signer(account, c), order.authorizationIds().get(0), false);
    assertThat(authz.status()).isEqualTo("invalid");
    assertThat(authz.challenges().get(0).status()).isEqualTo("invalid");
    assertThat(authz.challenges().get(0).error().detail()).isEqualTo("refused");
    // Answering again changes nothing.
    AcmeChallenge again =
        acme.challenge(DIR, signer(account, c), authz.challenges().get(1).id(), true);
    assertThat(again.status()).isEqualTo("pending");
    assertThat(validated).hasSize(1);
    // The metrics saw the order and the failed validation; no order became valid.
    assertThat(reported)
        .contains(
            new TelemetryEvent.AcmeOrder("pending"),
            new TelemetryEvent.AcmeValidation("http-01", TelemetryEvent.Outcome.FAILED))
        .doesNotContain(new TelemetryEvent.AcmeOrder("valid"));
  }

  @Test
  void validationRetriesABoundedNumberOfTimesInTheBackground() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      acme = server(engine, pool, 3);
      Client c = client();
      AcmeAccount account = register(c);
      outcome.set(Optional.of(new AcmeProblem(AcmeProblemType.DNS, "no such name")));
      AcmeOrder order =
          acme.newOrder(DIR, signer(account, c), List.of(new Identifier("dns", "a.example.test")));
      AcmeAuthorization authz =
          acme.authorization(DIR, signer(account, c), order.authorizationIds().get(0), false);
      AcmeChallenge answered =
          acme.challenge(DIR, signer(account, c), authz.challenges().get(1).id(), true);
      assertThat(answered.status()).isIn("processing", "invalid");
      pool.shutdown();
      assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(validated).hasSize(3);
      AcmeChallenge decided = acme.challenge(DIR, signer(account, c), answered.id(), false);
      assertThat(decided.status()).isEqualTo("invalid");
      assertThat(decided.error().type()).isEqualTo(AcmeProblemType.DNS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void revocationByOwnerOrKeyAndRenewalInformation() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    KeyPair key = CertificateKeyType.EC_P256.generate();
    AcmeOrder ready = readyOrder(account, c, "www.example.test");
    AcmeOrder valid =
        acme.finalizeOrder(
            DIR,
            signer(account, c),
            ready.id(),
            csr(key, "www.example.test", List.of("www.example.test")));
    X509Certificate cert =
        Pem.certificates(acme.certificate(DIR, signer(account, c), valid.certificateId()).pem())
            .get(0);
    byte[] der = cert.getEncoded();
    byte[] aki = AcmeServer.authorityKeyId(cert);
    assertThat(aki).hasSize(20);
    RenewalWindow window = acme.renewalInfo(DIR, aki, cert.getSerialNumber());
    Instant notAfter = cert.getNotAfter().toInstant();
    Duration life = Duration.between(cert.getNotBefore().toInstant(), notAfter);
    assertThat(window.end()).isEqualTo(notAfter);
    assertThat(window.start()).isEqualTo(notAfter.minus(life.dividedBy(3)));
    assertThat(refusal(() -> acme.renewalInfo(DIR, new byte[20], cert.getSerialNumber())))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
    assertThat(refusal(() -> acme.renewalInfo(DIR, aki, BigInteger.TEN)))
        .isEqualTo(AcmeProblemType.NOT_FOUND);

    Client stranger = client();
    AcmeAccount other = register(stranger);
    assertThat(
            refusal(
                () ->
                    acme.revoke(
                        DIR, new RevokeCertificate(signer(other, stranger), null, der, null))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(
            refusal(() -> acme.revoke(DIR, new RevokeCertificate(null, stranger.key(), der, null))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(
            refusal(
                () -> acme.revoke(DIR, new RevokeCertificate(signer(account, c), null, der, 7))))
        .isEqualTo(AcmeProblemType.BAD_REVOCATION_REASON);
    assertThat(
            refusal(
                () ->
                    acme.revoke(
                        DIR,
                        new RevokeCertificate(signer(account, c), null, new byte[] {1}, null))))
        .isEqualTo(AcmeProblemType.MALFORMED);
    AccountKey certKey = new AccountKey("k", "EC", key.getPublic().getEncoded());
    acme.revoke(DIR, new RevokeCertificate(null, certKey, der, 1));
    assertThat(
            refusal(
                () -> acme.revoke(DIR, new RevokeCertificate(signer(account, c), null, der, null))))
        .isEqualTo(AcmeProblemType.ALREADY_REVOKED);
    CertInfo info =
        engine.handle(
            PkiOperations.GET_CERT,
            new CertSerial(new SerialNumber(cert.getSerialNumber())),
            ALICE);
    assertThat(info.revoked()).isTrue();
    RenewalWindow now = acme.renewalInfo(DIR, aki, cert.getSerialNumber());
    assertThat(now.end()).isEqualTo(clock.instant());
    assertThat(audit.query(AuditFilter.latest(100)).stream().map(e -> e.type()))
        .contains(AcmeAuditTypes.CERTIFICATE_REVOKED);
  }

  @Test
  void keyChangeMovesTheAccountToTheNewKey() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    Client other = client();
    register(other);
    assertThat(refusal(() -> acme.changeKey(DIR, signer(account, c), other.key())))
        .isEqualTo(AcmeProblemType.CONFLICT);
    Client next = client();
    acme.changeKey(DIR, signer(account, c), next.key());
    assertThat(refusal(() -> acme.account(DIR, signer(account, c), null)))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(acme.account(DIR, signer(account, next), null).id()).isEqualTo(account.id());
    assertThat(acme.accountKey(DIR, account.id()).thumbprint()).isEqualTo(next.key().thumbprint());
    assertThat(
            acme.newAccount(DIR, new NewAccount(next.key(), List.of(), true, true, null, URL)).id())
        .isEqualTo(account.id());
    assertThat(
            refusal(
                () ->
                    acme.newAccount(
                        DIR, new NewAccount(c.key(), List.of(), true, true, null, URL))))
        .isEqualTo(AcmeProblemType.ACCOUNT_DOES_NOT_EXIST);
  }

  @Test
  void accountsUpdateTheirContactAndDeactivate() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    AcmeAccount updated =
        acme.account(
            DIR, signer(account, c), new AccountUpdate(List.of("mailto:b@example.test"), false));
    assertThat(updated.contact()).containsExactly("mailto:b@example.test");
    AcmeAccount gone = acme.account(DIR, signer(account, c), new AccountUpdate(null, true));
    assertThat(gone.status()).isEqualTo("deactivated");
    assertThat(
            refusal(
                () ->
                    acme.newOrder(
                        DIR, signer(account, c), List.of(new Identifier("dns", "a.example.test")))))
        .isEqualTo(AcmeProblemType.UNAUTHORIZED);
    assertThat(refusal(() -> acme.accountKey(DIR, "nope")))
        .isEqualTo(AcmeProblemType.ACCOUNT_DOES_NOT_EXIST);
  }

  @Test
  void authorizationsDeactivateAndExpire() throws Exception {
    Client c = client();
    AcmeAccount account = register(c);
    AcmeOrder order =
        acme.newOrder(DIR, signer(account, c), List.of(new Identifier("dns", "a.example.test")));
    String id = order.authorizationIds().get(0);
    assertThat(acme.authorization(DIR, signer(account, c), id, true).status())
        .isEqualTo("deactivated");
    assertThat(acme.order(DIR, signer(account, c), order.id()).status()).isEqualTo("invalid");
    assertThat(refusal(() -> acme.authorization(DIR, signer(account, c), id, true)))
        .isEqualTo(AcmeProblemType.MALFORMED);
    AcmeOrder later =
        acme.newOrder(DIR, signer(account, c), List.of(new Identifier("dns", "b.example.test")));
    clock.advance(AcmeServer.ORDER_LIFETIME);
    assertThat(
            acme.authorization(DIR, signer(account, c), later.authorizationIds().get(0), false)
                .status())
        .isEqualTo("expired");
    assertThat(acme.order(DIR, signer(account, c), later.id()).status()).isEqualTo("invalid");
    assertThat(refusal(() -> acme.challenge(DIR, signer(account, c), "nope", false)))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
    assertThat(refusal(() -> acme.challenge(DIR, signer(account, c), id + "-9", false)))
        .isEqualTo(AcmeProblemType.NOT_FOUND);
  }
}
