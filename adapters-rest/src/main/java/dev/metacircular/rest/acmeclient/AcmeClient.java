package dev.metacircular.rest.acmeclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.client.CertificateNames;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.out.CertificateSource;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PrivateKeyPem;
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.rest.client.HttpsClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate through ACME (RFC 8555), for a server's own TLS: the steps in the order they run:
 *
 * <ol>
 *   <li>read the directory;
 *   <li>find the account of the key kept in {@code accountKeyFile} ({@code onlyReturnExisting}), or
 *       create it, with the external account binding (§7.3.4: an HS256 JWS over the account's
 *       public JWK with the EAB key id) when one is configured;
 *   <li>place an order for the names (DNS identifiers; IP addresses as RFC 8738 {@code ip}
 *       identifiers);
 *   <li>for each pending authorization, take its {@code http-01} challenge, open the {@link
 *       Http01Responder} for exactly these tokens, tell the server each challenge is ready, poll
 *       the authorizations until valid (honouring {@code Retry-After}), then close the responder;
 *   <li>generate the certificate's key here (it never leaves the server) and finalize with a CSR;
 *   <li>poll the order until valid and download the chain.
 * </ol>
 *
 * Every wait is bounded by the overall {@code timeout}. Refusals are {@link AcmeServerProblem}s
 * (one line: step, type, detail); an order or challenge that turns invalid carries the server's
 * error the same way; transport failures are {@link Unreachable}. The EAB key is read only to sign
 * the binding and is wiped right after; it is never logged.
 */
public final class AcmeClient implements CertificateSource {
  private static final Logger log = LoggerFactory.getLogger(AcmeClient.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_POLL = Duration.ofMillis(500);
  private static final Duration MIN_POLL = Duration.ofMillis(200);
  private static final Duration MAX_POLL = Duration.ofSeconds(10);
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

  private final AcmeClientSettings settings;
  private final HttpsClient http;
  private final Clock clock;

  private AcmeClient(AcmeClientSettings settings, Clock clock) {
    this.settings = settings;
    this.http = new HttpsClient(settings.caCert(), CONNECT_TIMEOUT);
    this.clock = clock;
  }

  /** A client for {@code settings}; nothing is asked of the server until {@link #obtain}. */
  public static AcmeClient of(AcmeClientSettings settings) {
    return of(settings, Clock.systemUTC());
  }

  public static AcmeClient of(AcmeClientSettings settings, Clock clock) {
    return new AcmeClient(
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public IssuedCertificate obtain(CertificateNames names) {
    Objects.requireNonNull(names, "names");
    return new Run(session(), clock.instant().plus(settings.timeout())).certificate(names);
  }

  /** A session on the kept account key: what each order runs over. */
  AcmeSession session() {
    return new AcmeSession(http, AccountKeyFile.loadOrCreate(settings.accountKeyFile()));
  }

  /** One certificate's run, against one deadline. Package-private for the tests' nonce hook. */
  final class Run {
    private final AcmeSession session;
    private final Instant deadline;

    Run(AcmeSession session, Instant deadline) {
      this.session = session;
      this.deadline = deadline;
    }

    IssuedCertificate certificate(CertificateNames names) {
      JsonNode directory = session.get(settings.directory(), "directory").json();
      session.newNonceUrl(url(directory, "newNonce"));
      account(directory);
      AcmeSession.Answer created =
          session.post(url(directory, "newOrder"), order(names), "new-order");
      URI orderUrl = created.location("new-order");
      JsonNode order = created.json();
      authorize(order);
      order = poll(orderUrl, order, "order", "ready");
      KeyPair key = AccountKeyFile.generate();
      if (order.path("status").asText().equals("ready")) {
        ObjectNode finalize = AcmeSession.JSON.createObjectNode();
        finalize.put(
            "csr",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(CertificateRequests.csr(key, names)));
        order = session.post(url(order, "finalize"), finalize, "finalize").json();
      }
      order = poll(orderUrl, order, "order", "valid");
      AcmeSession.Answer download =
          session.postAsGet(url(order, "certificate"), "certificate", AcmeSession.PEM_CHAIN);
      return issued(new String(download.body(), StandardCharsets.US_ASCII), key);
    }

    private void account(JsonNode directory) {
      URI newAccount = url(directory, "newAccount");
      ObjectNode existing = AcmeSession.JSON.createObjectNode().put("onlyReturnExisting", true);
      AcmeSession.Answer answer;
      try {
        answer = session.postWithJwk(newAccount, existing, "new-account");
      } catch (AcmeServerProblem e) {
        if (!e.is("accountDoesNotExist")) {
          throw e;
        }
        boolean required = directory.path("meta").path("externalAccountRequired").asBoolean(false);
        if (required && settings.eabKid() == null) {
          throw new IllegalStateException(
              "the ACME directory "
                  + settings.directory()
                  + " requires external account binding and no EAB key id is configured");
        }
        ObjectNode create = AcmeSession.JSON.createObjectNode().put("termsOfServiceAgreed", true);
        if (settings.eabKid() != null) {
          create.set("externalAccountBinding", binding(newAccount));
        }
        answer = session.postWithJwk(newAccount, create, "new-account");
        log.atInfo()
            .addKeyValue("directory", settings.directory())
            .addKeyValue("account", answer.header("Location").orElse(""))
            .addKeyValue("eab_kid", settings.eabKid())
            .log("ACME account created");
      }
      session.account(answer.location("new-account"));
    }

    /** §7.3.4: HS256 over the account's public JWK, kid = the EAB key id, url = newAccount. */
    private JsonNode binding(URI newAccount) {
      byte[] key = settings.eabKey().get();
      try {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(settings.eabKid());
        jws.getHeaders().setStringHeaderValue("url", newAccount.toString());
        jws.setPayload(session.jwk().toJson());
        jws.setKey(new HmacKey(key));
        jws.setDoKeyValidation(false);
        return AcmeSession.JSON.readTree(AcmeSession.flattened(jws));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot write the external account binding", e);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }

    private ObjectNode order(CertificateNames names) {
      ObjectNode payload = AcmeSession.JSON.createObjectNode();
      ArrayNode identifiers = payload.putArray("identifiers");
      for (String dns : names.dnsNames()) {
        identifiers.addObject().put("type", "dns").put("value", dns);
      }
      for (String ip : names.ipSans()) {
        identifiers.addObject().put("type", "ip").put("value", ip);
      }
      return payload;
    }

    /** Answers every pending authorization's HTTP-01 challenge, the responder open meanwhile. */
    private void authorize(JsonNode order) {
      Map<URI, JsonNode> pending = new LinkedHashMap<>();
      Map<String, String> answers = new LinkedHashMap<>();
      for (JsonNode a : order.path("authorizations")) {
        URI authz = URI.create(a.asText());
        JsonNode authorization =
            session.postAsGet(authz, "authorization", "application/json").json();
        String status = authorization.path("status").asText();
        if (status.equals("valid")) {
          continue;
        }
        if (!status.equals("pending")) {
          throw invalid("authorization of " + name(authorization), authorization);
        }
        JsonNode challenge = http01(authorization);
        String token = challenge.path("token").asText("");
        if (!Http01Responder.TOKEN.matcher(token).matches()) {
          throw new IllegalStateException(
              "the ACME server's http-01 token for " + name(authorization) + " is not base64url");
        }
        answers.put(token, token + "." + session.thumbprint());
        pending.put(authz, challenge);
      }
      if (pending.isEmpty()) {
        return;
      }
      try (Http01Responder responder = Http01Responder.open(settings.http01Listen(), answers)) {
        for (JsonNode challenge : pending.values()) {
          session.post(url(challenge, "url"), AcmeSession.JSON.createObjectNode(), "challenge");
        }
        for (URI authz : pending.keySet()) {
          poll(authz, null, "authorization", "valid");
        }
      }
    }

    private JsonNode http01(JsonNode authorization) {
      List<String> offered = new ArrayList<>();
      for (JsonNode c : authorization.path("challenges")) {
        if (c.path("type").asText().equals("http-01")) {
          return c;
        }
        offered.add(c.path("type").asText());
      }
      throw new IllegalStateException(
          "the ACME server offers no http-01 challenge for "
              + name(authorization)
              + " (only "
              + String.join(", ", offered)
              + "; TLS-ALPN-01 and DNS-01 are not supported by this client)");
    }

    /**
     * POST-as-GET {@code url} until its status is {@code wanted}, waiting as the server asks
     * (bounded, never past the deadline). {@code invalid} ends it with the server's error.
     */
    private JsonNode poll(URI url, JsonNode first, String what, String wanted) {
      JsonNode current = first;
      Duration wait = DEFAULT_POLL;
      while (true) {
        if (current != null) {
          String status = current.path("status").asText();
          if (status.equals(wanted) || (wanted.equals("ready") && status.equals("valid"))) {
            return current;
          }
          if (status.equals("invalid")
              || status.equals("deactivated")
              || status.equals("expired")
              || status.equals("revoked")) {
            throw invalid(
                what + (what.equals("authorization") ? " of " + name(current) : ""), current);
          }
          sleepUntilNext(wait, what, status);
        }
        AcmeSession.Answer answer = session.postAsGet(url, what, "application/json");
        current = answer.json();
        wait = bounded(answer.retryAfter(DEFAULT_POLL, clock.instant()));
      }
    }

    private void sleepUntilNext(Duration wait, String what, String status) {
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        throw new IllegalStateException(
            "ACME "
                + what
                + " still "
                + status
                + " after "
                + settings.timeout().toSeconds()
                + " s: gave up (the CA did not finish in time)");
      }
      Duration left = Duration.between(now, deadline);
      Duration sleep = wait.compareTo(left) > 0 ? left : wait;
      try {
        Thread.sleep(Math.max(1, sleep.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the ACME " + what);
      }
    }
  }

  private static Duration bounded(Duration asked) {
    if (asked.compareTo(MIN_POLL) < 0) {
      return MIN_POLL;
    }
    return asked.compareTo(MAX_POLL) > 0 ? MAX_POLL : asked;
  }

  /** An order or authorization that failed: its own error, or a challenge's. */
  private static RuntimeException invalid(String what, JsonNode resource) {
    if (resource.hasNonNull("error")) {
      return AcmeSession.problemOf(what, resource.get("error"));
    }
    for (JsonNode c : resource.path("challenges")) {
      if (c.hasNonNull("error")) {
        return AcmeSession.problemOf(what + " (" + c.path("type").asText() + ")", c.get("error"));
      }
    }
    return new IllegalStateException(
        "ACME "
            + what
            + " is "
            + resource.path("status").asText()
            + " (the server gave no reason)");
  }

  private static String name(JsonNode authorization) {
    return authorization.path("identifier").path("value").asText("?");
  }

  private static URI url(JsonNode node, String field) {
    String text = node.path(field).asText("");
    if (text.isEmpty()) {
      throw new Unreachable("the ACME server's answer has no " + field + " URL");
    }
    try {
      URI uri = URI.create(text);
      if (!"https".equalsIgnoreCase(uri.getScheme())) {
        throw new Unreachable("the ACME server's " + field + " URL is not https: " + text);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new Unreachable("the ACME server's " + field + " URL is not a URL");
    }
  }

  /** The downloaded chain as the renewer writes it, with the key generated for it. */
  private static IssuedCertificate issued(String chain, KeyPair key) {
    List<String> pems = new ArrayList<>();
    Matcher m = PEM.matcher(chain);
    while (m.find()) {
      pems.add(m.group() + "\n");
    }
    if (pems.size() < 2) {
      throw new Unreachable(
          "the ACME server's certificate download holds "
              + pems.size()
              + " certificate(s); a leaf and its issuer were expected");
    }
    X509Certificate leaf;
    try {
      leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pems.get(0).getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new Unreachable("the ACME server's certificate is not X.509");
    }
    if (!leaf.getPublicKey().equals(key.getPublic())) {
      throw new IllegalStateException("the ACME server's certificate is not for the key we sent");
    }
    return new IssuedCertificate(
        pems.get(0),
        new PrivateKeyPem(CertificateRequests.privateKeyPem(key)),
        pems.get(1),
        pems.subList(1, pems.size()),
        new SerialNumber(leaf.getSerialNumber()),
        leaf.getNotAfter().toInstant());
  }
}
