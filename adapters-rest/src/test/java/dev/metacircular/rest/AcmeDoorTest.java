package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.crypto.x509.CertificateKeyType;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.domain.acme.AcmeServer;
import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.rest.acme.AcmeRoutes;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ACME door on a real TLS server over an embedded core, with jose4j as the client: the protocol
 * edges RFC 8555 sets (algorithms, url, nonces, jwk/kid, problem documents and headers) and a whole
 * order through key change, ARI and revocation. Challenges are judged valid by a stub validator
 * here; the real one meets real clients in the apps module's end-to-end test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeDoorTest {
  private static final char[] SEAL = "acme door test seal password".toCharArray();
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "admin", Set.of(Role.ADMIN), AccountType.HUMAN, null, "");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedPlatform platform;
  private static CryptoUseCases api;
  private static CryptoRestServer server;
  private static HttpClient http;
  private static String base;
  private static KeyPair accountKey;
  private static String accountUrl;

  @BeforeAll
  static void start() {
    platform = EmbeddedPlatform.inMemory().forTests().start();
    api = platform.crypto().useCases();
    api.seal().initialize(SEAL.clone());
    api.seal().unseal(SEAL.clone(), "");
    api.mounts()
        .mount(
            ADMIN,
            "pki",
            "ca",
            Map.of(
                "root_common_name",
                "Root",
                "root_key_type",
                "ec-p256",
                "acme",
                Map.of("enabled", true)));
    api.engines()
        .run(
            ADMIN,
            "pki",
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer("infra", "Infra", null, null));
    api.engines()
        .run(
            ADMIN,
            "pki",
            PkiOperations.CREATE_ROLE,
            RoleSettings.named("web")
                .issuer("infra")
                .allowedDomains(List.of("example.test"))
                .allowSubdomains(true)
                .allowBareDomains(false)
                .allowWildcard(false)
                .keyType("any")
                .build());
    AcmeUseCase acme =
        AcmeServer.over(
            platform.crypto().barrier(),
            platform.crypto().engineRegistry(),
            new InMemoryAuditLog(),
            target -> Optional.empty(),
            Runnable::run,
            Clock.systemUTC(),
            AcmeServer.Settings.DEFAULTS);
    server = CryptoRestServer.start(api, TestTls.settings(), AcmeRoutes.routes(acme));
    http = HttpClient.newBuilder().sslContext(TestTls.clientContext()).build();
    base = "https://127.0.0.1:" + server.port() + "/acme/pki/web/";
    accountKey = CertificateKeyType.EC_P256.generate();
  }

  @AfterAll
  static void stop() {
    server.close();
    platform.close();
  }

  // --- a small ACME client on jose4j ---

  record Answer(int status, HttpResponse<String> raw, JsonNode json) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String problem() {
      return json == null || json.get("type") == null ? null : json.get("type").asText();
    }
  }

  static Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    String type = r.headers().firstValue("content-type").orElse("");
    if (type.contains("json") && !r.body().isEmpty()) {
      json = JSON.readTree(r.body());
    }
    return new Answer(r.statusCode(), r, json);
  }

  static Answer get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  static String nonce() throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + "new-nonce"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build())
        .header("Replay-Nonce");
  }

  /** A flattened JWS as RFC 8555 clients send it. */
  static String jws(String alg, java.security.Key key, Map<String, Object> headers, String payload)
      throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(payload);
    jws.setAlgorithmHeaderValue(alg);
    jws.setKey(key);
    jws.setDoKeyValidation(false);
    headers.forEach((k, v) -> jws.getHeaders().setObjectHeaderValue(k, v));
    String[] parts = jws.getCompactSerialization().split("\\.", -1);
    return JSON.writeValueAsString(
        Map.of("protected", parts[0], "payload", parts[1], "signature", parts[2]));
  }

  static Map<String, Object> jwk(KeyPair pair) throws Exception {
    return PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic())
        .toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  static Answer post(String url, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/jose+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** POST signed by the account (kid), with {@code payload} ("" for POST-as-GET). */
  static Answer byAccount(String url, String payload) throws Exception {
    return byKey(url, payload, accountKey, accountUrl);
  }

  static Answer byKey(String url, String payload, KeyPair pair, String kid) throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("nonce", nonce());
    headers.put("url", url);
    headers.put("kid", kid);
    return post(url, jws(alg(pair), pair.getPrivate(), headers, payload));
  }

  static Answer byJwk(String url, String payload, KeyPair pair) throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("nonce", nonce());
    headers.put("url", url);
    headers.put("jwk", jwk(pair));
    return post(url, jws(alg(pair), pair.getPrivate(), headers, payload));
  }

  static String alg(KeyPair pair) {
    return switch (pair.getPublic().getAlgorithm()) {
      case "RSA" -> AlgorithmIdentifiers.RSA_USING_SHA256;
      case "EC" -> AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
      default -> AlgorithmIdentifiers.EDDSA;
    };
  }

  static String newAccountPayload(KeyPair pair, EabCredentials eab) throws Exception {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("kid", eab.kid());
    inner.put("url", base + "new-account");
    String binding =
        jws(
            "HS256",
            new SecretKeySpec(eab.hmacKey().key(), "HmacSHA256"),
            inner,
            JSON.writeValueAsString(jwk(pair)));
    return "{\"termsOfServiceAgreed\":true,\"contact\":[\"mailto:ops@example.test\"],"
        + "\"externalAccountBinding\":"
        + binding
        + "}";
  }

  static EabCredentials eab() {
    return api.engines().run(ADMIN, "pki", PkiOperations.CREATE_EAB, new RoleName("web"));
  }

  static byte[] csr(KeyPair pair, List<String> names) throws Exception {
    var builder =
        new JcaPKCS10CertificationRequestBuilder(
            new X500Name("CN=" + names.get(0)), pair.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            names.stream()
                .map(s -> new GeneralName(GeneralName.dNSName, s))
                .toArray(GeneralName[]::new)));
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return builder
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
        .getEncoded();
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // --- tests ---

  @Test
  @Order(1)
  void theDirectoryNamesEveryResourceAndRequiresExternalAccounts() throws Exception {
    Answer directory = get(base + "directory");
    assertThat(directory.status()).isEqualTo(200);
    assertThat(directory.json().get("newNonce").asText()).isEqualTo(base + "new-nonce");
    for (String field :
        List.of("newAccount", "newOrder", "revokeCert", "keyChange", "renewalInfo")) {
      assertThat(directory.json().get(field).asText()).startsWith(base);
    }
    assertThat(directory.json().at("/meta/externalAccountRequired").asBoolean()).isTrue();
    assertThat(directory.header("Replay-Nonce")).matches("[A-Za-z0-9_-]{22}");
    assertThat(directory.header("Cache-Control")).isEqualTo("no-store");
    Answer head =
        send(
            HttpRequest.newBuilder(URI.create(base + "new-nonce"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Link")).isEqualTo("<" + base + "directory>;rel=\"index\"");
    assertThat(get(base + "new-nonce").status()).isEqualTo(204);
    Answer missing = get("https://127.0.0.1:" + server.port() + "/acme/pki/nobody/directory");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.header("Replay-Nonce")).isNotNull();
  }

  @Test
  @Order(2)
  void newAccountNeedsEabAndAJwkAndAnswersTheAccountUrl() throws Exception {
    Answer noEab = byJwk(base + "new-account", "{\"termsOfServiceAgreed\":true}", accountKey);
    assertThat(noEab.status()).isEqualTo(400);
    assertThat(noEab.problem()).isEqualTo("urn:ietf:params:acme:error:externalAccountRequired");
    Answer created = byJwk(base + "new-account", newAccountPayload(accountKey, eab()), accountKey);
    assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    accountUrl = created.header("Location");
    assertThat(accountUrl).startsWith(base + "account/");
    assertThat(created.json().get("status").asText()).isEqualTo("valid");
    assertThat(created.json().get("orders").asText()).isEqualTo(accountUrl + "/orders");
    Answer again = byJwk(base + "new-account", "{\"onlyReturnExisting\":true}", accountKey);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Location")).isEqualTo(accountUrl);
    Answer byKid = byAccount(base + "new-account", "{\"onlyReturnExisting\":true}");
    assertThat(byKid.problem()).isEqualTo("urn:ietf:params:acme:error:malformed");
  }

  @Test
  @Order(3)
  void algorithmsOutsideTheAllowListAreRefused() throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("nonce", nonce());
    headers.put("url", base + "new-order");
    headers.put("kid", accountUrl);
    Answer mac =
        post(
            base + "new-order",
            jws("HS256", new SecretKeySpec(new byte[32], "HmacSHA256"), headers, "{}"));
    assertThat(mac.status()).isEqualTo(400);
    assertThat(mac.problem()).isEqualTo("urn:ietf:params:acme:error:badSignatureAlgorithm");
    assertThat(mac.header("Replay-Nonce")).isNotNull();
    String none =
        JSON.writeValueAsString(
            Map.of(
                "protected",
                b64(
                    JSON.writeValueAsBytes(
                        Map.of(
                            "alg",
                            "none",
                            "nonce",
                            nonce(),
                            "url",
                            base + "new-order",
                            "kid",
                            accountUrl))),
                "payload",
                b64("{}".getBytes()),
                "signature",
                ""));
    assertThat(post(base + "new-order", none).problem())
        .isEqualTo("urn:ietf:params:acme:error:badSignatureAlgorithm");
    KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
    small.initialize(1024);
    KeyPair weak = small.generateKeyPair();
    assertThat(byJwk(base + "new-account", "{}", weak).problem())
        .isEqualTo("urn:ietf:params:acme:error:badPublicKey");
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Answer edAccount = byJwk(base + "new-account", newAccountPayload(ed, eab()), ed);
    assertThat(edAccount.status()).as(edAccount.raw().body()).isEqualTo(201);
  }

  @Test
  @Order(4)
  void urlNonceAndSignerRulesAreEnforced() throws Exception {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("nonce", nonce());
    headers.put("url", base + "new-order-elsewhere");
    headers.put("kid", accountUrl);
    Answer wrongUrl =
        post(base + "new-order", jws("ES256", accountKey.getPrivate(), headers, "{}"));
    assertThat(wrongUrl.problem()).isEqualTo("urn:ietf:params:acme:error:unauthorized");

    String used = nonce();
    headers.put("nonce", used);
    headers.put("url", accountUrl);
    assertThat(post(accountUrl, jws("ES256", accountKey.getPrivate(), headers, "")).status())
        .isEqualTo(200);
    Answer replay = post(accountUrl, jws("ES256", accountKey.getPrivate(), headers, ""));
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.problem()).isEqualTo("urn:ietf:params:acme:error:badNonce");
    assertThat(replay.header("Replay-Nonce")).isNotNull().isNotEqualTo(used);

    Answer jwkOnOrder = byJwk(base + "new-order", "{\"identifiers\":[]}", accountKey);
    assertThat(jwkOnOrder.problem()).isEqualTo("urn:ietf:params:acme:error:malformed");
    KeyPair stranger = CertificateKeyType.EC_P256.generate();
    Answer forged = byKey(base + "new-order", "{\"identifiers\":[]}", stranger, accountUrl);
    assertThat(forged.problem()).isEqualTo("urn:ietf:params:acme:error:unauthorized");
    Answer unknown = byKey(base + "new-order", "{}", accountKey, base + "account/0000");
    assertThat(unknown.problem()).isEqualTo("urn:ietf:params:acme:error:accountDoesNotExist");
    Answer plainJson =
        send(
            HttpRequest.newBuilder(URI.create(accountUrl))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(plainJson.problem()).isEqualTo("urn:ietf:params:acme:error:malformed");
    assertThat(plainJson.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @Order(5)
  void anOrderRunsToACertificateWithRenewalInfoKeyChangeAndRevocation() throws Exception {
    Answer rejected =
        byAccount(
            base + "new-order",
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"www.evil.test\"}]}");
    assertThat(rejected.problem()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");

    Answer order =
        byAccount(
            base + "new-order",
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"www.example.test\"}]}");
    assertThat(order.status()).isEqualTo(201);
    String orderUrl = order.header("Location");
    assertThat(order.json().get("status").asText()).isEqualTo("pending");
    String authzUrl = order.json().get("authorizations").get(0).asText();
    Answer authz = byAccount(authzUrl, "");
    assertThat(authz.json().at("/identifier/value").asText()).isEqualTo("www.example.test");
    String challengeUrl = authz.json().get("challenges").get(0).get("url").asText();
    Answer challenge = byAccount(challengeUrl, "{}");
    assertThat(challenge.status()).isEqualTo(200);
    assertThat(challenge.header("Link")).isEqualTo("<" + authzUrl + ">;rel=\"up\"");
    assertThat(challenge.json().get("status").asText()).isEqualTo("valid");
    Answer ready = byAccount(orderUrl, "");
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");

    KeyPair key = CertificateKeyType.EC_P256.generate();
    String finalizeUrl = ready.json().get("finalize").asText();
    Answer wrong =
        byAccount(
            finalizeUrl, "{\"csr\":\"" + b64(csr(key, List.of("other.example.test"))) + "\"}");
    assertThat(wrong.problem()).isEqualTo("urn:ietf:params:acme:error:badCSR");
    Answer done =
        byAccount(finalizeUrl, "{\"csr\":\"" + b64(csr(key, List.of("www.example.test"))) + "\"}");
    assertThat(done.json().get("status").asText()).as(done.raw().body()).isEqualTo("valid");
    Answer cert = byAccount(done.json().get("certificate").asText(), "");
    assertThat(cert.header("Content-Type")).startsWith("application/pem-certificate-chain");
    List<X509Certificate> chain = Pem.certificates(cert.raw().body());
    assertThat(chain).hasSize(2);
    X509Certificate leaf = chain.get(0);
    assertThat(leaf.getPublicKey()).isEqualTo(key.getPublic());
    Answer orders = byAccount(accountUrl + "/orders", "");
    assertThat(orders.json().get("orders").toString()).contains(orderUrl);

    byte[] aki = java.util.Arrays.copyOfRange(leaf.getExtensionValue("2.5.29.35"), 6, 26);
    String certId = b64(aki) + "." + b64(leaf.getSerialNumber().toByteArray());
    Answer ari = get(base + "renewal-info/" + certId);
    assertThat(ari.status()).as(ari.raw().body()).isEqualTo(200);
    assertThat(ari.json().at("/suggestedWindow/end").asText())
        .isEqualTo(leaf.getNotAfter().toInstant().toString());
    assertThat(ari.header("Retry-After")).isNotNull();
    assertThat(get(base + "renewal-info/AAAA." + b64(BigInteger.TEN.toByteArray())).status())
        .isEqualTo(404);

    KeyPair next = CertificateKeyType.EC_P256.generate();
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("url", base + "key-change");
    inner.put("jwk", jwk(next));
    String innerJws =
        jws(
            "ES256",
            next.getPrivate(),
            inner,
            JSON.writeValueAsString(Map.of("account", accountUrl, "oldKey", jwk(accountKey))));
    Answer changed = byAccount(base + "key-change", innerJws);
    assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
    assertThat(byAccount(accountUrl, "").problem())
        .isEqualTo("urn:ietf:params:acme:error:unauthorized");
    accountKey = next;
    assertThat(byAccount(accountUrl, "").status()).isEqualTo(200);

    Answer revoked =
        byJwk(base + "revoke-cert", "{\"certificate\":\"" + b64(leaf.getEncoded()) + "\"}", key);
    assertThat(revoked.status()).as(revoked.raw().body()).isEqualTo(200);
    Answer twice =
        byAccount(base + "revoke-cert", "{\"certificate\":\"" + b64(leaf.getEncoded()) + "\"}");
    assertThat(twice.problem()).isEqualTo("urn:ietf:params:acme:error:alreadyRevoked");
    Answer afterRevoke = get(base + "renewal-info/" + certId);
    assertThat(java.time.Instant.parse(afterRevoke.json().at("/suggestedWindow/end").asText()))
        .isBefore(leaf.getNotAfter().toInstant());
  }

  @Test
  @Order(6)
  void aSealedServiceAnswers503() throws Exception {
    api.seal().seal(ADMIN);
    Answer sealed = get(base + "directory");
    assertThat(sealed.status()).isEqualTo(503);
    assertThat(sealed.problem()).isEqualTo("urn:ietf:params:acme:error:serverInternal");
    assertThat(sealed.header("Replay-Nonce")).isNotNull();
  }
}
