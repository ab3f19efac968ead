package dev.metacircular.rest.acme;

import static dev.metacircular.ports.acme.AcmeProblemType.CONFLICT;
import static dev.metacircular.ports.acme.AcmeProblemType.MALFORMED;
import static dev.metacircular.ports.acme.AcmeProblemType.NOT_FOUND;
import static dev.metacircular.ports.acme.AcmeProblemType.SERVER_INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeRefusal;
import dev.metacircular.ports.acme.in.AccountSigner;
import dev.metacircular.ports.acme.in.AccountUpdate;
import dev.metacircular.ports.acme.in.AcmeAccount;
import dev.metacircular.ports.acme.in.AcmeAuthorization;
import dev.metacircular.ports.acme.in.AcmeChallenge;
import dev.metacircular.ports.acme.in.AcmeDirectoryId;
import dev.metacircular.ports.acme.in.AcmeOrder;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.acme.in.ExternalBinding;
import dev.metacircular.ports.acme.in.Identifier;
import dev.metacircular.ports.acme.in.NewAccount;
import dev.metacircular.ports.acme.in.RenewalWindow;
import dev.metacircular.ports.acme.in.RevokeCertificate;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME handlers: each verifies the request's JWS ({@link AcmeJws}), calls the core and writes
 * the RFC 8555 object with its headers. Every answer, a problem document included, carries a fresh
 * {@code Replay-Nonce}, {@code Link: <directory>;rel="index"} and {@code Cache-Control: no-store}.
 * URLs are built from the scheme and {@code Host} of the request, so the {@code url} header check
 * compares like with like.
 */
final class AcmeController {
  private static final Logger LOG = LoggerFactory.getLogger(AcmeController.class);
  static final String PROBLEM = "application/problem+json";
  static final String JOSE = "application/jose+json";
  static final String CHAIN = "application/pem-certificate-chain";
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]+\\](:[0-9]{1,5})?");

  private final AcmeUseCase acme;
  private final ObjectMapper json = new ObjectMapper();
  private final AcmeJws jws;

  AcmeController(AcmeUseCase acme) {
    this.acme = acme;
    this.jws = new AcmeJws(json, acme::consumeNonce);
  }

  @FunctionalInterface
  interface AcmeHandler {
    void handle(Context ctx, Urls urls) throws Exception;
  }

  /** The URLs of one directory, as this request addresses the server. */
  record Urls(String base, AcmeDirectoryId directory) {
    String of(String path) {
      return base + "/acme/" + directory.mount() + "/" + directory.role() + "/" + path;
    }

    String account(String id) {
      return of("account/" + id);
    }

    String order(String id) {
      return of("order/" + id);
    }

    String authz(String id) {
      return of("authz/" + id);
    }

    String challenge(String id) {
      return of("chall/" + id);
    }
  }

  /** Wraps a handler: common headers, and every refusal as a problem document. */
  Handler handle(AcmeHandler handler) {
    return ctx -> {
      ctx.header("Cache-Control", "no-store");
      Urls urls;
      try {
        urls = urls(ctx);
      } catch (AcmeRefusal e) {
        problem(ctx, e.problem());
        return;
      }
      ctx.header("Link", "<" + urls.of("directory") + ">;rel=\"index\"");
      try {
        handler.handle(ctx, urls);
      } catch (AcmeRefusal e) {
        problem(ctx, e.problem());
        if (e.problem().type() == CONFLICT) {
          // The core names the account that holds the key last in its detail (RFC 8555 §7.3.5).
          java.util.regex.Matcher holder =
              Pattern.compile("([0-9a-f]{32})$").matcher(e.problem().detail());
          if (holder.find()) {
            ctx.header("Location", urls.account(holder.group(1)));
          }
        }
      } catch (RuntimeException e) {
        LOG.error("ACME request failed", e);
        problem(ctx, new AcmeProblem(SERVER_INTERNAL, "the server failed to answer"));
      }
      ctx.header("Replay-Nonce", acme.newNonce());
    };
  }

  private static Urls urls(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || !HOST.matcher(host).matches()) {
      throw new AcmeRefusal(MALFORMED, "a Host header is required");
    }
    AcmeDirectoryId id;
    try {
      id = new AcmeDirectoryId(ctx.pathParam("mount"), ctx.pathParam("role"));
    } catch (IllegalArgumentException e) {
      throw new AcmeRefusal(NOT_FOUND, "no such directory");
    }
    return new Urls(ctx.scheme() + "://" + host, id);
  }

  private void problem(Context ctx, AcmeProblem problem) {
    ObjectNode body = json.createObjectNode();
    body.put("type", problem.type().urn());
    body.put("detail", problem.detail());
    body.put("status", problem.type().status());
    ctx.status(problem.type().status()).contentType(PROBLEM).result(body.toString());
  }

  private void send(Context ctx, int status, String location, JsonNode body) {
    if (location != null) {
      ctx.header("Location", location);
    }
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  private SignedRequest signed(Context ctx, Urls urls, AcmeJws.Signer signer) {
    String type = ctx.header("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JOSE)) {
      throw new AcmeRefusal(MALFORMED, "ACME requests are " + JOSE);
    }
    return jws.verify(
        ctx.bodyAsBytes(),
        urls.base() + ctx.path(),
        signer,
        urls.account(""),
        id -> acme.accountKey(urls.directory(), id));
  }

  private SignedRequest byAccount(Context ctx, Urls urls) {
    return signed(ctx, urls, AcmeJws.Signer.KID);
  }

  private static AccountSigner signer(SignedRequest request) {
    return new AccountSigner(request.accountId(), request.key().thumbprint());
  }

  // --- directory, nonces ---

  void directory(Context ctx, Urls urls) {
    boolean eab = acme.directory(urls.directory()).externalAccountRequired();
    ObjectNode body = json.createObjectNode();
    body.put("newNonce", urls.of("new-nonce"));
    body.put("newAccount", urls.of("new-account"));
    body.put("newOrder", urls.of("new-order"));
    body.put("revokeCert", urls.of("revoke-cert"));
    body.put("keyChange", urls.of("key-change"));
    body.put("renewalInfo", urls.of("renewal-info"));
    body.putObject("meta").put("externalAccountRequired", eab);
    send(ctx, 200, null, body);
  }

  void headNonce(Context ctx, Urls urls) {
    acme.directory(urls.directory());
    ctx.status(200);
  }

  void getNonce(Context ctx, Urls urls) {
    acme.directory(urls.directory());
    ctx.status(204);
  }

  // --- accounts ---

  void newAccount(Context ctx, Urls urls) {
    SignedRequest request = signed(ctx, urls, AcmeJws.Signer.JWK);
    JsonNode p = payload(request);
    ExternalBinding binding =
        p.hasNonNull("externalAccountBinding")
            ? jws.binding(p.get("externalAccountBinding"))
            : null;
    AcmeAccount account =
        acme.newAccount(
            urls.directory(),
            new NewAccount(
                request.key(),
                strings(p.get("contact")),
                p.path("termsOfServiceAgreed").asBoolean(false),
                p.path("onlyReturnExisting").asBoolean(false),
                binding,
                urls.of("new-account")));
    send(ctx, account.created() ? 201 : 200, urls.account(account.id()), account(urls, account));
  }

  void account(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    if (!ctx.pathParam("id").equals(request.accountId())) {
      throw new AcmeRefusal(
          dev.metacircular.ports.acme.AcmeProblemType.UNAUTHORIZED,
          "an account URL is for its own key only");
    }
    AccountUpdate update = null;
    if (!request.postAsGet()) {
      JsonNode p = request.payload();
      boolean deactivate = "deactivated".equals(AcmeJws.text(p, "status"));
      if (p.has("status") && !deactivate) {
        throw new AcmeRefusal(MALFORMED, "status may only be set to deactivated");
      }
      List<String> contact = p.has("contact") ? strings(p.get("contact")) : null;
      update = contact == null && !deactivate ? null : new AccountUpdate(contact, deactivate);
    }
    AcmeAccount account = acme.account(urls.directory(), signer(request), update);
    send(ctx, 200, urls.account(account.id()), account(urls, account));
  }

  void orders(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    if (!ctx.pathParam("id").equals(request.accountId())) {
      throw new AcmeRefusal(
          dev.metacircular.ports.acme.AcmeProblemType.UNAUTHORIZED, "another account's orders");
    }
    ObjectNode body = json.createObjectNode();
    ArrayNode list = body.putArray("orders");
    acme.orders(urls.directory(), signer(request)).forEach(id -> list.add(urls.order(id)));
    send(ctx, 200, null, body);
  }

  private ObjectNode account(Urls urls, AcmeAccount account) {
    ObjectNode body = json.createObjectNode();
    body.put("status", account.status());
    ArrayNode contact = body.putArray("contact");
    account.contact().forEach(contact::add);
    body.put("orders", urls.account(account.id()) + "/orders");
    body.put("createdAt", account.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
    return body;
  }

  void keyChange(Context ctx, Urls urls) {
    SignedRequest outer = byAccount(ctx, urls);
    SignedRequest inner = jws.verifyInner(payload(outer), urls.base() + ctx.path());
    JsonNode p = inner.payload();
    if (!urls.account(outer.accountId()).equals(AcmeJws.text(p, "account"))) {
      throw new AcmeRefusal(MALFORMED, "the inner payload's account must be the outer kid");
    }
    if (!p.has("oldKey") || !jws.thumbprint(p.get("oldKey")).equals(outer.key().thumbprint())) {
      throw new AcmeRefusal(MALFORMED, "the inner payload's oldKey must be the account's key");
    }
    AcmeAccount account = acme.changeKey(urls.directory(), signer(outer), inner.key());
    send(ctx, 200, urls.account(account.id()), account(urls, account));
  }

  // --- orders ---

  void newOrder(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    JsonNode p = payload(request);
    JsonNode ids = p.get("identifiers");
    if (ids == null || !ids.isArray()) {
      throw new AcmeRefusal(MALFORMED, "identifiers must be an array");
    }
    List<Identifier> identifiers = new ArrayList<>();
    for (JsonNode id : ids) {
      String type = AcmeJws.text(id, "type");
      String value = AcmeJws.text(id, "value");
      if (type == null || value == null) {
        throw new AcmeRefusal(MALFORMED, "an identifier has a type and a value");
      }
      identifiers.add(new Identifier(type, value));
    }
    AcmeOrder order = acme.newOrder(urls.directory(), signer(request), identifiers);
    send(ctx, 201, urls.order(order.id()), order(urls, order));
  }

  void order(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    AcmeOrder order = acme.order(urls.directory(), signer(request), ctx.pathParam("id"));
    orderAnswer(ctx, urls, order);
  }

  void finalizeOrder(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    String csr = AcmeJws.text(payload(request), "csr");
    if (csr == null) {
      throw new AcmeRefusal(MALFORMED, "csr is required (base64url DER)");
    }
    AcmeOrder order =
        acme.finalizeOrder(
            urls.directory(), signer(request), ctx.pathParam("id"), AcmeJws.decode(csr));
    orderAnswer(ctx, urls, order);
  }

  private void orderAnswer(Context ctx, Urls urls, AcmeOrder order) {
    if (order.status().equals("processing")) {
      ctx.header("Retry-After", "1");
    }
    send(ctx, 200, urls.order(order.id()), order(urls, order));
  }

  private ObjectNode order(Urls urls, AcmeOrder order) {
    ObjectNode body = json.createObjectNode();
    body.put("status", order.status());
    body.put("expires", time(order.expires()));
    ArrayNode ids = body.putArray("identifiers");
    for (Identifier id : order.identifiers()) {
      ids.addObject().put("type", id.type()).put("value", id.value());
    }
    ArrayNode authz = body.putArray("authorizations");
    order.authorizationIds().forEach(id -> authz.add(urls.authz(id)));
    body.put("finalize", urls.order(order.id()) + "/finalize");
    if (order.certificateId() != null) {
      body.put("certificate", urls.of("cert/" + order.certificateId()));
    }
    if (order.error() != null) {
      body.set("error", problemNode(order.error()));
    }
    return body;
  }

  // --- authorizations, challenges ---

  void authorization(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    boolean deactivate =
        !request.postAsGet() && "deactivated".equals(AcmeJws.text(request.payload(), "status"));
    AcmeAuthorization a =
        acme.authorization(urls.directory(), signer(request), ctx.pathParam("id"), deactivate);
    ObjectNode body = json.createObjectNode();
    body.put("status", a.status());
    body.put("expires", time(a.expires()));
    body.putObject("identifier").put("type", "dns").put("value", a.identifier().value());
    ArrayNode challenges = body.putArray("challenges");
    a.challenges().forEach(c -> challenges.add(challenge(urls, c)));
    if (a.wildcard()) {
      body.put("wildcard", true);
    }
    send(ctx, 200, null, body);
  }

  void challenge(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    // POST-as-GET reads it; a payload ({} by RFC 8555 §7.5.1) says the client is ready.
    AcmeChallenge c =
        acme.challenge(
            urls.directory(), signer(request), ctx.pathParam("id"), !request.postAsGet());
    ctx.header("Link", "<" + urls.authz(c.authorizationId()) + ">;rel=\"up\"");
    if (c.status().equals("processing")) {
      ctx.header("Retry-After", "1");
    }
    send(ctx, 200, null, challenge(urls, c));
  }

  private ObjectNode challenge(Urls urls, AcmeChallenge c) {
    ObjectNode body = json.createObjectNode();
    body.put("type", c.type().wireName());
    body.put("url", urls.challenge(c.id()));
    body.put("status", c.status());
    body.put("token", c.token());
    if (c.validated() != null) {
      body.put("validated", time(c.validated()));
    }
    if (c.error() != null) {
      body.set("error", problemNode(c.error()));
    }
    return body;
  }

  // --- certificates ---

  void certificate(Context ctx, Urls urls) {
    SignedRequest request = byAccount(ctx, urls);
    String pem = acme.certificate(urls.directory(), signer(request), ctx.pathParam("id")).pem();
    ctx.status(200).contentType(CHAIN).result(pem);
  }

  void revoke(Context ctx, Urls urls) {
    SignedRequest request = signed(ctx, urls, AcmeJws.Signer.EITHER);
    JsonNode p = payload(request);
    String certificate = AcmeJws.text(p, "certificate");
    if (certificate == null) {
      throw new AcmeRefusal(MALFORMED, "certificate is required (base64url DER)");
    }
    Integer reason = p.has("reason") ? p.get("reason").asInt(-1) : null;
    RevokeCertificate revoke =
        request.accountId() != null
            ? new RevokeCertificate(signer(request), null, AcmeJws.decode(certificate), reason)
            : new RevokeCertificate(null, request.key(), AcmeJws.decode(certificate), reason);
    acme.revoke(urls.directory(), revoke);
    ctx.status(200);
  }

  void renewalInfo(Context ctx, Urls urls) {
    String id = ctx.pathParam("certID");
    int dot = id.indexOf('.');
    if (dot <= 0 || dot == id.length() - 1) {
      throw new AcmeRefusal(MALFORMED, "certID is base64url(AKI).base64url(serial)");
    }
    byte[] aki = AcmeJws.decode(id.substring(0, dot));
    byte[] serial = AcmeJws.decode(id.substring(dot + 1));
    if (serial.length == 0 || serial.length > 21) {
      throw new AcmeRefusal(MALFORMED, "the serial in certID is not a serial number");
    }
    RenewalWindow window = acme.renewalInfo(urls.directory(), aki, new BigInteger(1, serial));
    ObjectNode body = json.createObjectNode();
    ObjectNode w = body.putObject("suggestedWindow");
    w.put("start", time(window.start()));
    w.put("end", time(window.end()));
    ctx.header("Retry-After", "21600");
    send(ctx, 200, null, body);
  }

  // --- helpers ---

  private static JsonNode payload(SignedRequest request) {
    if (request.postAsGet()) {
      throw new AcmeRefusal(MALFORMED, "this request needs a JSON payload");
    }
    return request.payload();
  }

  private ObjectNode problemNode(AcmeProblem problem) {
    ObjectNode node = json.createObjectNode();
    node.put("type", problem.type().urn());
    node.put("detail", problem.detail());
    node.put("status", problem.type().status());
    return node;
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new AcmeRefusal(MALFORMED, "contact must be an array of URLs");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new AcmeRefusal(MALFORMED, "contact must be an array of URLs");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
