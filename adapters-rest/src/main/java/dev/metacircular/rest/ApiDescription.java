package dev.metacircular.rest;

import static dev.metacircular.rest.ApiEndpoint.Access.BEARER;
import static dev.metacircular.rest.ApiEndpoint.Access.PRESENTED;
import static dev.metacircular.rest.ApiEndpoint.Access.PUBLIC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3.1 description of each service's REST API, served at {@code GET /v1/openapi.json}
 * and kept in {@code docs/openapi/}. Built from the route tables below and the controllers' own
 * request and answer records ({@link RecordSchemas}), so a changed record changes the description;
 * a test holds the route tables and the servers' Javalin routes together both ways, and another
 * fails when the copy in docs/ differs from what the server serves.
 *
 * <p>Why code and not a hand-written file: the schemas are the records, which change more often
 * than the routes, and a hand-written file drifts silently where a generated one cannot.
 */
final class ApiDescription {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String ERROR = "#/components/responses/Error";

  /**
   * Described here, but routed by the services' own modules (apps: the metrics scrape route and the
   * readiness checks, which need the Micrometer registry and the storage probes), not by this
   * adapter's servers alone: the adapter's "every described path answers" check skips them, and
   * apps' MetricsLabelsTest and StorageRefusalTest call them on the running services.
   */
  static final Set<String> ROUTED_BY_THE_SERVICES = Set.of("GET /metrics", "GET /v1/ready");

  /** The ACME server's paths, which apps' AcmeModule routes on the crypto service. */
  static final String ACME_PREFIX = "/acme/";

  /** Whether {@code operation} ("GET /path") is routed by the services' modules, not here. */
  static boolean routedByTheServices(String operation) {
    return ROUTED_BY_THE_SERVICES.contains(operation)
        || operation.substring(operation.indexOf(' ') + 1).startsWith(ACME_PREFIX);
  }

  /** The engine types whose operations {@code POST /v1/engine/request} runs. */
  static final List<List<Operation<?, ?>>> ENGINE_OPERATIONS =
      List.of(
          TransitOperations.ALL, PkiOperations.ALL, SshCaOperations.ALL, UserCryptoOperations.ALL);

  private static final byte[] IDENTITY = render(identityDocument());
  private static final byte[] CRYPTO = render(cryptoDocument());

  private ApiDescription() {}

  /** The identity service's description, as served. */
  static byte[] identity() {
    return IDENTITY.clone();
  }

  /** The crypto service's description, as served. */
  static byte[] crypto() {
    return CRYPTO.clone();
  }

  /** The handler of {@code GET /v1/openapi.json}. */
  static void serveIdentity(Context ctx) {
    serve(ctx, IDENTITY);
  }

  /** The handler of {@code GET /v1/openapi.json}. */
  static void serveCrypto(Context ctx) {
    serve(ctx, CRYPTO);
  }

  private static void serve(Context ctx, byte[] document) {
    ctx.status(200).contentType("application/json").result(document);
  }

  // --- the route tables ---

  static List<ApiEndpoint> identityEndpoints() {
    Class<? extends Record> token = SessionController.TokenView.class;
    Class<? extends Record> account = AccountController.AccountView.class;
    List<ApiEndpoint> e = new ArrayList<>();
    e.add(get("/v1/health", PUBLIC, "Liveness: the process answers", json(StatusView.class)));
    e.add(openApi());
    e.addAll(operability());
    e.add(
        get(
            "/v1/keys/public",
            PUBLIC,
            "The token-signing public key (JWK and PEM)",
            json(HealthController.PublicKeyView.class)));
    e.add(
        post(
            "/v1/auth/login",
            PUBLIC,
            "Log in with a password (and a TOTP or recovery code when enrolled)",
            body(SessionController.LoginRequest.class, "username", "password"),
            json(token)));
    e.add(
        post(
            "/v1/token/validate",
            PUBLIC,
            "Validate a token: always 200, with valid true or false",
            body(TokenController.ValidateRequest.class, "token"),
            json(TokenController.ValidationView.class)));
    e.add(
        new ApiEndpoint(
            "POST",
            "/v1/sso/token",
            PUBLIC,
            "OAuth 2.0 token endpoint: exchange an SSO authorization code",
            new ApiEndpoint.Body.JsonOrForm(
                SsoController.TokenRequest.class, List.of("grant_type", "code")),
            json(SsoController.TokenView.class),
            List.of()));
    e.add(
        post(
            "/v1/auth/passkeys/login/start",
            PUBLIC,
            "Start a passkey login (WebAuthn assertion options)",
            optionalBody(PasskeyController.StartLoginRequest.class),
            json(PasskeyController.ChallengeView.class)));
    e.add(
        post(
            "/v1/auth/passkeys/login/finish",
            PUBLIC,
            "Finish a passkey login with the authenticator's assertion",
            body(PasskeyController.FinishLoginRequest.class, "request_id", "credential"),
            json(token)));
    e.add(post("/v1/auth/logout", PRESENTED, "Revoke the presented token", null, ok()));
    e.add(post("/v1/auth/renew", PRESENTED, "Renew the presented token", null, json(token)));
    e.add(
        post(
            "/v1/token/issue",
            BEARER,
            "Issue a token for an account (admin)",
            body(TokenController.IssueRequest.class, "account_id"),
            json(TokenController.IssuedTokenView.class)));
    e.add(
        post(
            "/v1/token/revoke",
            BEARER,
            "Revoke a token by its jti (admin)",
            body(TokenController.RevokeRequest.class, "jti"),
            ok()));
    e.add(
        post(
            "/v1/accounts",
            BEARER,
            "Create an account (admin)",
            body(AccountController.CreateRequest.class, "username", "account_type"),
            json(201, account)));
    e.add(get("/v1/accounts", BEARER, "List accounts", json(AccountController.AccountList.class)));
    e.add(get("/v1/accounts/{id}", BEARER, "Read an account", json(account)));
    e.add(
        patch(
            "/v1/accounts/{id}",
            "Change an account's status or password",
            body(AccountController.UpdateRequest.class),
            json(account)));
    e.add(delete("/v1/accounts/{id}", "Delete an account"));
    e.add(
        get(
            "/v1/accounts/{id}/roles",
            BEARER,
            "An account's roles",
            json(AccountController.RolesBody.class)));
    e.add(
        put(
            "/v1/accounts/{id}/roles",
            "Replace an account's roles",
            body(AccountController.RolesBody.class, "roles"),
            json(AccountController.RolesBody.class)));
    e.add(
        get(
            "/v1/accounts/{id}/tokens",
            BEARER,
            "An account's tokens",
            json(TokenController.TokenList.class)));
    e.add(get("/v1/auth/me", BEARER, "The caller's own account", json(account)));
    e.add(
        post(
            "/v1/auth/password",
            BEARER,
            "Change the caller's password",
            body(ProfileController.ChangePasswordRequest.class, "current_password", "new_password"),
            new ApiEndpoint.Answer.Empty(204)));
    e.add(
        post(
            "/v1/auth/recovery-codes",
            BEARER,
            "Generate new recovery codes (shown once)",
            body(RecoveryCodeController.GenerateRequest.class, "password"),
            json(RecoveryCodeController.GeneratedView.class)));
    e.add(
        get(
            "/v1/auth/recovery-codes",
            BEARER,
            "How many recovery codes remain",
            json(RecoveryCodeController.RemainingView.class)));
    e.add(
        post(
            "/v1/auth/totp/enroll",
            BEARER,
            "Start TOTP enrolment (the secret is shown once)",
            body(TotpController.EnrolRequest.class, "password"),
            json(TotpController.EnrolmentView.class)));
    e.add(
        post(
            "/v1/auth/totp/confirm",
            BEARER,
            "Confirm TOTP enrolment with a code",
            body(TotpController.ConfirmRequest.class, "code"),
            ok()));
    e.add(
        post(
            "/v1/auth/totp/remove",
            BEARER,
            "Remove TOTP (the caller's own, or an account's as admin)",
            optionalBody(TotpController.RemoveRequest.class),
            ok()));
    e.addAll(policy());
    e.add(audit());
    e.add(
        post(
            "/v1/sso/clients",
            BEARER,
            "Register an SSO client (the secret is shown once)",
            body(SsoController.ClientRequest.class, "client_id", "service_name", "redirect_uris"),
            json(201, SsoController.RegistrationView.class)));
    e.add(get("/v1/sso/clients", BEARER, "List SSO clients", json(SsoController.ClientList.class)));
    e.add(
        get(
            "/v1/sso/clients/{id}",
            BEARER,
            "Read an SSO client",
            json(SsoController.ClientView.class)));
    e.add(
        put(
            "/v1/sso/clients/{id}",
            "Change an SSO client",
            body(SsoController.ClientRequest.class, "service_name", "redirect_uris"),
            json(SsoController.ClientView.class)));
    e.add(delete("/v1/sso/clients/{id}", "Delete an SSO client"));
    e.add(
        post(
            "/v1/sso/clients/{id}/secret",
            BEARER,
            "Rotate an SSO client's secret (shown once)",
            null,
            json(SsoController.RegistrationView.class)));
    e.add(
        post(
            "/v1/sso/authorize",
            BEARER,
            "Grant an authorization code to an SSO client for the caller",
            body(SsoController.AuthorizeRequest.class, "client_id", "redirect_uri"),
            json(SsoController.GrantView.class)));
    e.add(
        post(
            "/v1/auth/passkeys/register/start",
            BEARER,
            "Start registering a passkey (WebAuthn creation options)",
            null,
            json(PasskeyController.ChallengeView.class)));
    e.add(
        post(
            "/v1/auth/passkeys/register/finish",
            BEARER,
            "Finish registering a passkey",
            body(PasskeyController.FinishRequest.class, "request_id", "credential"),
            json(201, PasskeyController.PasskeyView.class)));
    e.add(
        get(
                "/v1/auth/passkeys",
                BEARER,
                "The caller's passkeys (or an account's, as admin)",
                json(PasskeyController.PasskeyList.class))
            .query("account_id", "another account's id (admin)"));
    e.add(
        delete("/v1/auth/passkeys/{credentialId}", "Remove a passkey")
            .query("account_id", "another account's id (admin)"));
    return e;
  }

  static List<ApiEndpoint> cryptoEndpoints() {
    Class<? extends Record> state = SealController.StateView.class;
    Class<? extends Record> rotation = SealController.KeyRotationView.class;
    List<ApiEndpoint> e = new ArrayList<>();
    e.add(get("/v1/status", PUBLIC, "Seal state, in every state", json(state)));
    e.add(get("/v1/health", PUBLIC, "Liveness: the process answers", json(StatusView.class)));
    e.add(openApi());
    e.addAll(operability());
    e.addAll(acme());
    e.add(
        post(
            "/v1/init",
            PUBLIC,
            "Initialize the barrier with the seal password",
            body(SealController.PasswordRequest.class, "password"),
            json(state)));
    e.add(
        post(
            "/v1/unseal",
            PUBLIC,
            "Unseal with the seal password",
            body(SealController.PasswordRequest.class, "password"),
            json(state)));
    e.add(
        post(
            "/v1/auth/login",
            PUBLIC,
            "Log in (forwarded to the identity service)",
            body(CryptoAuthController.LoginRequest.class, "username", "password"),
            json(SessionController.TokenView.class)));
    e.add(
        get(
            "/v1/auth/tokeninfo",
            PRESENTED,
            "The presented token's claims",
            json(CryptoAuthController.TokenInfoView.class)));
    e.add(post("/v1/auth/logout", PRESENTED, "Revoke the presented token", null, ok()));
    e.add(post("/v1/seal", BEARER, "Seal (admin)", null, json(state)));
    e.add(
        post(
            "/v1/rekey",
            BEARER,
            "Change the seal password (admin)",
            body(SealController.RekeyRequest.class, "old_password", "new_password"),
            ok()));
    e.add(post("/v1/rotate", BEARER, "Rotate the master key (admin)", null, json(rotation)));
    e.add(
        get("/v1/key-status", BEARER, "Master key versions and rotation progress", json(rotation)));
    e.add(
        post(
            "/v1/engine/mounts",
            BEARER,
            "Mount an engine (admin)",
            body(MountController.MountRequest.class, "name", "type"),
            json(201, MountController.MountView.class)));
    e.add(get("/v1/engine/mounts", BEARER, "List mounts", json(MountController.MountList.class)));
    e.add(delete("/v1/engine/mounts/{name}", "Unmount an engine and delete its data (admin)"));
    e.add(
        new ApiEndpoint(
            "POST",
            "/v1/engine/request",
            BEARER,
            "Run an engine operation on a mount (ACL: the mount and the operation)",
            new ApiEndpoint.Body.EngineOperation(),
            new ApiEndpoint.Answer.EngineResult(200),
            List.of()));
    e.addAll(policy());
    e.add(audit());
    e.add(
        get(
            "/v1/ssh/{mount}/ca",
            PUBLIC,
            "The SSH CA's public key",
            media("text/plain", "an OpenSSH public key line", false)));
    e.add(
        get(
                "/v1/ssh/{mount}/krl",
                PUBLIC,
                "The SSH CA's key revocation list (OpenSSH KRL)",
                media("application/octet-stream", "a binary OpenSSH KRL", true))
            .query("signed", "true (default) or false"));
    String pem = PkiController.PEM;
    e.add(get("/v1/pki/{mount}/ca", PUBLIC, "The root CA certificate", media(pem, "PEM", false)));
    e.add(
        get(
                "/v1/pki/{mount}/ca/chain",
                PUBLIC,
                "The CA chain, leaf issuer first",
                media(pem, "PEM certificates", false))
            .query("issuer", "the issuer to start from (default: the default issuer)"));
    e.add(
        get(
            "/v1/pki/{mount}/issuer/{name}",
            PUBLIC,
            "An issuer's certificate",
            media(pem, "PEM", false)));
    e.add(
        get(
                "/v1/pki/{mount}/issuer/{name}/crl",
                PUBLIC,
                "An issuer's CRL",
                media(PkiController.CRL, "DER, or PEM with format=pem", true))
            .query("format", "der (default) or pem"));
    e.add(
        get(
                "/v1/pki/{mount}/issuer/{name}/crl/delta",
                PUBLIC,
                "An issuer's delta CRL",
                media(PkiController.CRL, "DER, or PEM with format=pem", true))
            .query("format", "der (default) or pem"));
    e.add(
        new ApiEndpoint(
            "POST",
            "/v1/pki/{mount}/ocsp",
            PUBLIC,
            "OCSP (RFC 6960) by POST",
            new ApiEndpoint.Body.Bytes("application/ocsp-request"),
            media(PkiController.OCSP_RESPONSE, "a DER OCSP response", true),
            List.of()));
    e.add(
        get(
            "/v1/pki/{mount}/ocsp/{request}",
            PUBLIC,
            "OCSP (RFC 6960) by GET: the base64 DER request in the path",
            media(PkiController.OCSP_RESPONSE, "a DER OCSP response", true)));
    return e;
  }

  private static ApiEndpoint openApi() {
    return get(
        "/v1/openapi.json",
        PUBLIC,
        "This API description (OpenAPI 3.1)",
        new ApiEndpoint.Answer.FreeJson(200, "an OpenAPI 3.1 document"));
  }

  /** Metrics and readiness: see {@link #ROUTED_BY_THE_SERVICES}. */
  private static List<ApiEndpoint> operability() {
    return List.of(
        get(
            "/metrics",
            BEARER,
            "Prometheus metrics (admin or metrics role)",
            media("text/plain", "Prometheus text exposition format 0.0.4", false)),
        get(
            "/v1/ready",
            PUBLIC,
            "Readiness: storage writable, audit appendable, dependencies reachable",
            new ApiEndpoint.Answer.FreeJson(
                200, "ready; 503 with the same form naming the failed checks when not")));
  }

  /**
   * The ACME server (RFC 8555, renewal information RFC 9773), one directory per CA role. Every POST
   * is a JWS in the flattened JSON serialization ({@code application/jose+json}) signed by the
   * account key (or, for newAccount and revokeCert by certificate key, by the key in its {@code
   * jwk}); that, not a bearer token, is its authentication. Answers and errors are those of RFC
   * 8555 ({@code application/problem+json} with {@code urn:ietf:params:acme:error:*} types), each
   * with a fresh {@code Replay-Nonce}. ACME clients speak it; it is described here for
   * completeness, not for a generated client.
   */
  private static List<ApiEndpoint> acme() {
    String base = ACME_PREFIX + "{mount}/{role}/";
    ApiEndpoint.Body jws = new ApiEndpoint.Body.Bytes("application/jose+json");
    ApiEndpoint.Answer resource =
        new ApiEndpoint.Answer.FreeJson(200, "the ACME resource (RFC 8555 section 7.1)");
    List<ApiEndpoint> e = new ArrayList<>();
    e.add(
        get(
            base + "directory",
            PUBLIC,
            "ACME directory of one CA role (newNonce, newAccount, newOrder, revokeCert, keyChange,"
                + " renewalInfo, meta.externalAccountRequired)",
            new ApiEndpoint.Answer.FreeJson(200, "the ACME directory")));
    e.add(
        new ApiEndpoint(
            "HEAD",
            base + "new-nonce",
            PUBLIC,
            "A fresh nonce in Replay-Nonce",
            null,
            new ApiEndpoint.Answer.Empty(200),
            List.of()));
    e.add(
        get(
            base + "new-nonce",
            PUBLIC,
            "A fresh nonce in Replay-Nonce",
            new ApiEndpoint.Answer.Empty(204)));
    for (String[] op :
        new String[][] {
          {"new-account", "Create or find an account (external account binding per the mount)"},
          {"account/{id}", "Read, update the contact of, or deactivate an account"},
          {"account/{id}/orders", "The account's orders"},
          {"new-order", "Order a certificate for DNS identifiers the role allows"},
          {"order/{id}", "Read an order (POST-as-GET)"},
          {"order/{id}/finalize", "Finalize a ready order with a CSR for exactly its names"},
          {"authz/{id}", "Read or deactivate an authorization"},
          {"chall/{id}", "Ask the server to validate a challenge (HTTP-01, DNS-01, TLS-ALPN-01)"},
          {"key-change", "Roll the account key over (nested JWS)"},
          {"revoke-cert", "Revoke by the owning account or by the certificate's key"}
        }) {
      e.add(post(base + op[0], PUBLIC, op[1], jws, resource));
    }
    e.add(
        post(
            base + "cert/{id}",
            PUBLIC,
            "Download the certificate chain (POST-as-GET)",
            jws,
            media("application/pem-certificate-chain", "leaf, then its issuer", false)));
    e.add(
        get(
            base + "renewal-info/{certID}",
            PUBLIC,
            "Suggested renewal window (RFC 9773): base64url(AKI).base64url(serial)",
            new ApiEndpoint.Answer.FreeJson(200, "suggestedWindow {start, end}")));
    return e;
  }

  private static List<ApiEndpoint> policy() {
    Class<? extends Record> rule = PolicyController.RuleJson.class;
    return List.of(
        post(
            "/v1/policy/rules",
            BEARER,
            "Create a policy rule (admin)",
            body(rule, "effect"),
            json(201, rule)),
        get("/v1/policy/rules", BEARER, "List policy rules", json(PolicyController.RuleList.class)),
        get("/v1/policy/rules/{id}", BEARER, "Read a policy rule", json(rule)),
        put("/v1/policy/rules/{id}", "Replace a policy rule", body(rule, "effect"), json(rule)),
        delete("/v1/policy/rules/{id}", "Delete a policy rule"),
        post(
            "/v1/policy/explain",
            BEARER,
            "Explain the policy's decision for a subject, resource and action",
            body(PolicyController.ExplainRequest.class, "subject", "resource", "action"),
            json(PolicyController.ExplanationView.class)));
  }

  private static ApiEndpoint audit() {
    return get("/v1/audit", BEARER, "The audit log (admin)", json(AuditController.EventList.class))
        .query(
            "account", "only events about this account",
            "type", "only events of this type",
            "since", "RFC 3339 time; a + offset is sent as %2B",
            "limit", "1..10000, default 100");
  }

  // --- endpoint shorthands ---

  private static ApiEndpoint get(
      String path, ApiEndpoint.Access access, String summary, ApiEndpoint.Answer answer) {
    return new ApiEndpoint("GET", path, access, summary, null, answer, List.of());
  }

  private static ApiEndpoint post(
      String path,
      ApiEndpoint.Access access,
      String summary,
      ApiEndpoint.Body body,
      ApiEndpoint.Answer answer) {
    return new ApiEndpoint("POST", path, access, summary, body, answer, List.of());
  }

  private static ApiEndpoint put(
      String path, String summary, ApiEndpoint.Body body, ApiEndpoint.Answer answer) {
    return new ApiEndpoint("PUT", path, BEARER, summary, body, answer, List.of());
  }

  private static ApiEndpoint patch(
      String path, String summary, ApiEndpoint.Body body, ApiEndpoint.Answer answer) {
    return new ApiEndpoint("PATCH", path, BEARER, summary, body, answer, List.of());
  }

  private static ApiEndpoint delete(String path, String summary) {
    return new ApiEndpoint("DELETE", path, BEARER, summary, null, ok(), List.of());
  }

  private static ApiEndpoint.Body body(Class<? extends Record> type, String... required) {
    return new ApiEndpoint.Body.Json(type, List.of(required), false);
  }

  private static ApiEndpoint.Body optionalBody(Class<? extends Record> type) {
    return new ApiEndpoint.Body.Json(type, List.of(), true);
  }

  private static ApiEndpoint.Answer json(Class<? extends Record> type) {
    return json(200, type);
  }

  private static ApiEndpoint.Answer json(int status, Class<? extends Record> type) {
    return new ApiEndpoint.Answer.Json(status, type);
  }

  private static ApiEndpoint.Answer ok() {
    return json(StatusView.class);
  }

  private static ApiEndpoint.Answer media(String type, String description, boolean binary) {
    return new ApiEndpoint.Answer.Media(200, type, description, binary);
  }

  // --- the document ---

  static ObjectNode identityDocument() {
    return document(
        "Metacircular identity service (MCIAS)",
        "Accounts, logins, tokens, TOTP, passkeys, recovery codes, single sign-on, the login"
            + " policy and the audit log. Every error answers {\"error\": \"<message>\"} (the OAuth"
            + " token endpoint answers OAuth's own error form).",
        "https://localhost:8443",
        identityEndpoints(),
        false);
  }

  static ObjectNode cryptoDocument() {
    return document(
        "Metacircular crypto service (Metacrypt)",
        "The barrier (init, unseal, seal, rekey, rotate), engine mounts and engine operations"
            + " (transit, ca, sshca, user), the ACL, the audit log and the public PKI and SSH"
            + " reads. The seal gate answers every route but status, health, init, unseal, this"
            + " description and the public reads with 412 {\"error\":\"not initialized\"} before"
            + " init and 503 {\"error\":\"sealed\"} while sealed, before its token is looked at."
            + " The ACME server (/acme/...) is not described here.",
        "https://localhost:8444",
        cryptoEndpoints(),
        true);
  }

  private static ObjectNode document(
      String title, String description, String server, List<ApiEndpoint> endpoints, boolean gated) {
    RecordSchemas schemas = new RecordSchemas();
    ObjectNode doc = JSON.objectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", title);
    info.put("version", "v1");
    info.put("description", description);
    doc.putArray("servers")
        .addObject()
        .put("url", server)
        .put("description", "dev mode (./mc dev)");
    doc.putArray("security").addObject().putArray("bearer");
    ObjectNode paths = doc.putObject("paths");
    Map<String, ObjectNode> byPath = new LinkedHashMap<>();
    for (ApiEndpoint endpoint : endpoints) {
      ObjectNode item = byPath.computeIfAbsent(endpoint.path(), p -> paths.putObject(p));
      String method = endpoint.method().toLowerCase(Locale.ROOT);
      if (item.has(method)) {
        throw new IllegalStateException(
            "described twice: " + endpoint.method() + " " + endpoint.path());
      }
      item.set(method, operation(endpoint, schemas, gated));
    }
    ObjectNode components = doc.putObject("components");
    ObjectNode security = components.putObject("securitySchemes").putObject("bearer");
    security.put("type", "http").put("scheme", "bearer");
    security.put(
        "description", "A token from POST /v1/auth/login, sent as Authorization: Bearer <token>");
    ObjectNode error = components.putObject("responses").putObject("Error");
    error.put("description", "The call was refused or failed; the message says why");
    error
        .putObject("content")
        .putObject("application/json")
        .set("schema", schemas.ref(JsonBodies.ErrorBody.class));
    components.set("schemas", schemas.components());
    return doc;
  }

  private static ObjectNode operation(ApiEndpoint e, RecordSchemas schemas, boolean gated) {
    ObjectNode op = JSON.objectNode();
    op.put("operationId", operationId(e));
    op.put("summary", e.summary());
    switch (e.access()) {
      case PUBLIC -> op.putArray("security");
      case PRESENTED -> {
        ArrayNode either = op.putArray("security");
        either.addObject().putArray("bearer");
        either.addObject();
      }
      case BEARER -> {
        // The document's default: a bearer token.
      }
    }
    List<String> pathParameters = e.pathParameters();
    if (!pathParameters.isEmpty() || !e.query().isEmpty()) {
      ArrayNode parameters = op.putArray("parameters");
      for (String name : pathParameters) {
        ObjectNode p = parameters.addObject().put("name", name).put("in", "path");
        p.put("required", true).putObject("schema").put("type", "string");
      }
      for (int i = 0; i < e.query().size(); i += 2) {
        ObjectNode p = parameters.addObject().put("name", e.query().get(i)).put("in", "query");
        p.put("description", e.query().get(i + 1)).put("required", false);
        p.putObject("schema").put("type", "string");
      }
    }
    if (e.body() != null) {
      op.set("requestBody", requestBody(e.body(), schemas));
    }
    ObjectNode responses = op.putObject("responses");
    responses.set(Integer.toString(e.answer().status()), answer(e.answer(), schemas));
    responses.putObject("400").put("$ref", ERROR);
    if (e.access() != PUBLIC) {
      responses.putObject("401").put("$ref", ERROR);
    }
    boolean open =
        e.access() == PUBLIC
            && Set.of(
                    "/v1/status",
                    "/v1/health",
                    "/v1/openapi.json",
                    "/v1/init",
                    "/v1/unseal",
                    "/v1/ready")
                .contains(e.path());
    if (gated && !open && !e.path().startsWith("/v1/pki/") && !e.path().startsWith("/v1/ssh/")) {
      responses.putObject("412").put("$ref", ERROR);
      responses.putObject("503").put("$ref", ERROR);
    }
    responses.putObject("default").put("$ref", ERROR);
    return op;
  }

  private static ObjectNode requestBody(ApiEndpoint.Body body, RecordSchemas schemas) {
    ObjectNode request = JSON.objectNode();
    ObjectNode content = JSON.objectNode();
    request.put("required", !(body instanceof ApiEndpoint.Body.Json json && json.optional()));
    if (body instanceof ApiEndpoint.Body.Json json) {
      content
          .putObject("application/json")
          .set("schema", schemas.require(json.type(), json.required()));
    } else if (body instanceof ApiEndpoint.Body.JsonOrForm form) {
      ObjectNode schema = schemas.require(form.type(), form.required());
      content.putObject("application/json").set("schema", schema);
      content.putObject("application/x-www-form-urlencoded").set("schema", schema.deepCopy());
    } else if (body instanceof ApiEndpoint.Body.Bytes bytes) {
      ObjectNode schema = content.putObject(bytes.mediaType()).putObject("schema");
      schema.put("type", "string").put("contentMediaType", bytes.mediaType());
    } else {
      content.putObject("application/json").set("schema", engineRequest(schemas));
    }
    request.set("content", content);
    return request;
  }

  private static ObjectNode answer(ApiEndpoint.Answer answer, RecordSchemas schemas) {
    ObjectNode response = JSON.objectNode();
    if (answer instanceof ApiEndpoint.Answer.Json json) {
      response.put("description", "OK");
      jsonContent(response).set("schema", schemas.ref(json.type()));
    } else if (answer instanceof ApiEndpoint.Answer.Media media) {
      response.put("description", media.description());
      ObjectNode schema =
          response.putObject("content").putObject(media.mediaType()).putObject("schema");
      schema.put("type", "string");
      if (media.binary()) {
        schema.put("contentMediaType", media.mediaType());
      }
    } else if (answer instanceof ApiEndpoint.Answer.EngineResult) {
      response.put("description", "The operation's answer: its response record's non-null fields");
      ObjectNode schema = jsonContent(response).putObject("schema");
      schema.put("type", "object");
      schema.putArray("required").add("data");
      ArrayNode any = schema.putObject("properties").putObject("data").putArray("anyOf");
      for (Class<? extends Record> type : engineAnswers()) {
        any.add(schemas.ref(type));
      }
    } else if (answer instanceof ApiEndpoint.Answer.FreeJson free) {
      response.put("description", free.description());
      jsonContent(response).putObject("schema").put("type", "object");
    } else {
      response.put("description", "Done; no body");
    }
    return response;
  }

  private static ObjectNode jsonContent(ObjectNode response) {
    return response.putObject("content").putObject("application/json");
  }

  /**
   * One schema per operation of every engine type: {@code operation} fixed to its name and {@code
   * data} its request record. The mount decides the engine type, so two engines' operations of one
   * name may both match a body: {@code anyOf}, not {@code oneOf}.
   */
  private static ObjectNode engineRequest(RecordSchemas schemas) {
    ObjectNode schema = JSON.objectNode();
    ArrayNode any = schema.putArray("anyOf");
    for (List<Operation<?, ?>> engine : ENGINE_OPERATIONS) {
      for (Operation<?, ?> operation : engine) {
        ObjectNode variant = any.addObject();
        variant.put("title", operation.engineType() + " " + operation.name());
        variant.put("type", "object");
        variant.putArray("required").add("mount").add("operation");
        variant.put("additionalProperties", false);
        ObjectNode properties = variant.putObject("properties");
        properties
            .putObject("mount")
            .put("type", "string")
            .put("description", "a mount of type " + operation.engineType());
        properties.putObject("operation").put("const", operation.name());
        properties.set("data", schemas.input(operation.request()));
      }
    }
    return schema;
  }

  /** Every distinct response record of the engines, in catalogue order. */
  private static List<Class<? extends Record>> engineAnswers() {
    List<Class<? extends Record>> types = new ArrayList<>();
    for (List<Operation<?, ?>> engine : ENGINE_OPERATIONS) {
      for (Operation<?, ?> operation : engine) {
        Class<? extends Record> type = operation.response();
        if (!types.contains(type)) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /** {@code postAuthLogin}, {@code getAccountsById}: the method and the path's words. */
  static String operationId(ApiEndpoint e) {
    StringBuilder id = new StringBuilder(e.method().toLowerCase(Locale.ROOT));
    for (String segment : e.path().split("[/.\\-]")) {
      if (segment.isEmpty() || segment.equals("v1")) {
        continue;
      }
      if (segment.startsWith("{")) {
        id.append("By");
        segment = segment.substring(1, segment.length() - 1);
      }
      id.append(Character.toUpperCase(segment.charAt(0))).append(segment.substring(1));
    }
    return id.toString();
  }

  private static byte[] render(ObjectNode document) {
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document);
      return (text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the API description does not serialise", e);
    }
  }
}
