package dev.metacircular.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.metacircular.http.FormBody;
import dev.metacircular.http.HttpStatuses;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AuthorizationGrant;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.in.AuthorizationRequest;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenExchange;
import dev.metacircular.ports.identity.in.TokenExchangeCommand;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * SSO: client administration (admin), the REST form of the authorization step (for an already
 * authenticated caller) and the OAuth 2.0 token endpoint.
 *
 * <p>The token endpoint takes the standard form encoding ({@code
 * application/x-www-form-urlencoded}, what every OAuth library sends) or the platform's JSON, and
 * the client's credentials either as HTTP Basic ({@code client_secret_basic}) or in the body
 * ({@code client_secret_post}), as Keycloak does. Answers follow RFC 6749 §5: {@code Cache-Control:
 * no-store}, errors as {@code {"error": "<code>", "error_description": "..."}}.
 */
final class SsoController {
  private final SsoClientAdminUseCase clients;
  private final SsoUseCase sso;

  SsoController(SsoClientAdminUseCase clients, SsoUseCase sso) {
    this.clients = clients;
    this.sso = sso;
  }

  // --- client administration ---

  void register(Context ctx, Caller caller) {
    ClientRequest request = JsonBodies.read(ctx, ClientRequest.class);
    SsoClientRegistration registration =
        clients.register(caller, request.clientId(), request.serviceName(), request.redirectUris());
    try {
      JsonBodies.write(ctx, 201, RegistrationView.of(registration));
    } finally {
      registration.destroy();
    }
  }

  void list(Context ctx, Caller caller) {
    JsonBodies.write(
        ctx, 200, new ClientList(clients.list(caller).stream().map(ClientView::of).toList()));
  }

  void get(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, ClientView.of(clients.get(caller, ctx.pathParam("id"))));
  }

  void update(Context ctx, Caller caller) {
    ClientRequest request = JsonBodies.read(ctx, ClientRequest.class);
    String id = ctx.pathParam("id");
    if (request.clientId() != null && !request.clientId().equals(id)) {
      throw new DomainException.InvalidInput("client_id does not match the path");
    }
    JsonBodies.write(
        ctx,
        200,
        ClientView.of(clients.update(caller, id, request.serviceName(), request.redirectUris())));
  }

  void rotateSecret(Context ctx, Caller caller) {
    SsoClientRegistration registration = clients.rotateSecret(caller, ctx.pathParam("id"));
    try {
      JsonBodies.write(ctx, 200, RegistrationView.of(registration));
    } finally {
      registration.destroy();
    }
  }

  void delete(Context ctx, Caller caller) {
    clients.delete(caller, ctx.pathParam("id"));
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  // --- authorization (REST form, for a caller that already holds a token) ---

  void authorize(Context ctx, Caller caller) {
    AuthorizeRequest r = JsonBodies.read(ctx, AuthorizeRequest.class);
    AuthorizationGrant grant =
        sso.authorize(
            caller,
            new AuthorizationRequest(
                r.clientId(),
                r.redirectUri(),
                r.responseType() == null ? "code" : r.responseType(),
                r.codeChallenge(),
                r.codeChallengeMethod()));
    noStore(ctx);
    JsonBodies.write(
        ctx,
        200,
        new GrantView(
            grant.code(),
            grant.redirectUri(),
            grant.redirectLocation(r.state()),
            grant.expiresAt()));
  }

  // --- the token endpoint ---

  void token(Context ctx) {
    TokenExchangeCommand command = readTokenRequest(ctx);
    TokenExchange result;
    try {
      result = sso.exchange(command);
    } finally {
      command.wipe();
    }
    noStore(ctx);
    if (result instanceof TokenExchange.Issued issued) {
      long expiresIn =
          Math.max(0, Duration.between(Instant.now(), issued.token().expiresAt()).getSeconds());
      JsonBodies.write(
          ctx,
          200,
          new TokenView(
              issued.token().token(),
              "Bearer",
              expiresIn,
              issued.token().expiresAt(),
              issued.token().jti()));
      return;
    }
    TokenExchange.Refused refused = (TokenExchange.Refused) result;
    if (refused.error() == TokenExchange.OAuthError.INVALID_CLIENT) {
      ctx.header("WWW-Authenticate", "Basic realm=\"sso\"");
    }
    JsonBodies.write(
        ctx,
        HttpStatuses.of(refused.error()),
        new OAuthErrorView(refused.error().wireName(), refused.description()));
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }

  private TokenExchangeCommand readTokenRequest(Context ctx) {
    String contentType =
        ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    String grantType;
    String code;
    String redirectUri;
    String clientId;
    char[] secret;
    String verifier;
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      byte[] raw = JsonBodies.readRaw(ctx);
      try (FormBody form = FormBody.parseUnique(raw)) {
        grantType = field(form, "grant_type");
        code = field(form, "code");
        redirectUri = field(form, "redirect_uri");
        clientId = field(form, "client_id");
        secret = form.has("client_secret") ? form.secret("client_secret") : null;
        verifier = field(form, "code_verifier");
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } else {
      TokenRequest body = JsonBodies.read(ctx, TokenRequest.class);
      grantType = body.grantType();
      code = body.code();
      redirectUri = body.redirectUri();
      clientId = body.clientId();
      secret = body.clientSecret();
      verifier = body.codeVerifier();
    }
    BasicCredentials basic = BasicCredentials.of(ctx.header("Authorization"));
    if (basic != null) {
      if (secret != null || (clientId != null && !clientId.equals(basic.clientId()))) {
        // RFC 6749 §2.3: one authentication method per request.
        Passwords.wipe(secret);
        basic.wipe();
        return new TokenExchangeCommand(
            grantType, code, redirectUri, null, null, verifier, ctx.ip());
      }
      clientId = basic.clientId();
      secret = basic.secret();
    }
    return new TokenExchangeCommand(
        grantType, code, redirectUri, clientId, secret, verifier, ctx.ip());
  }

  /** A token request field as sent (untrimmed), or null when absent: absence is its own error. */
  private static String field(FormBody form, String name) {
    return form.has(name) ? form.texts(name).get(0) : null;
  }

  /** {@code Authorization: Basic base64(urlencode(id) ":" urlencode(secret))} (RFC 6749 §2.3.1). */
  record BasicCredentials(String clientId, char[] secret) {
    static BasicCredentials of(String header) {
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(header.substring(6).trim());
      } catch (IllegalArgumentException e) {
        throw new DomainException.InvalidInput("malformed Basic credentials");
      }
      try {
        int colon = -1;
        for (int i = 0; i < decoded.length; i++) {
          if (decoded[i] == ':') {
            colon = i;
            break;
          }
        }
        if (colon < 0) {
          throw new DomainException.InvalidInput("malformed Basic credentials");
        }
        // Re-use the form decoder: both halves are form-urlencoded.
        byte[] asForm = new byte[decoded.length + "client_id=&client_secret=".length()];
        ByteBuffer b = ByteBuffer.wrap(asForm);
        b.put("client_id=".getBytes(StandardCharsets.US_ASCII));
        b.put(decoded, 0, colon);
        b.put("&client_secret=".getBytes(StandardCharsets.US_ASCII));
        b.put(decoded, colon + 1, decoded.length - colon - 1);
        try (FormBody form = FormBody.parseUnique(Arrays.copyOf(asForm, b.position()))) {
          return new BasicCredentials(field(form, "client_id"), form.secret("client_secret"));
        } finally {
          Arrays.fill(asForm, (byte) 0);
        }
      } finally {
        Arrays.fill(decoded, (byte) 0);
      }
    }

    void wipe() {
      Passwords.wipe(secret);
    }

    @Override
    public String toString() {
      return "BasicCredentials[" + clientId + ", redacted]";
    }
  }

  record ClientRequest(String clientId, String serviceName, List<String> redirectUris) {}

  record AuthorizeRequest(
      String clientId,
      String redirectUri,
      String responseType,
      String codeChallenge,
      String codeChallengeMethod,
      String state) {}

  record TokenRequest(
      String grantType,
      String code,
      String redirectUri,
      String clientId,
      char[] clientSecret,
      String codeVerifier) {
    @Override
    public String toString() {
      return "TokenRequest[redacted]";
    }
  }

  record ClientView(
      String clientId,
      String serviceName,
      List<String> redirectUris,
      Instant createdAt,
      Instant updatedAt) {
    static ClientView of(SsoClient c) {
      return new ClientView(
          c.clientId(), c.serviceName(), c.redirectUris(), c.createdAt(), c.updatedAt());
    }
  }

  record ClientList(List<ClientView> clients) {}

  /** The one answer that carries the client secret: at registration and rotation. */
  record RegistrationView(
      String clientId,
      String serviceName,
      List<String> redirectUris,
      Instant createdAt,
      Instant updatedAt,
      char[] clientSecret) {
    static RegistrationView of(SsoClientRegistration r) {
      SsoClient c = r.client();
      return new RegistrationView(
          c.clientId(),
          c.serviceName(),
          c.redirectUris(),
          c.createdAt(),
          c.updatedAt(),
          r.clientSecret());
    }

    @Override
    public String toString() {
      return "RegistrationView[" + clientId + ", redacted]";
    }
  }

  record GrantView(String code, String redirectUri, String location, Instant expiresAt) {
    @Override
    public String toString() {
      return "GrantView[redacted]";
    }
  }

  record TokenView(
      String accessToken, String tokenType, long expiresIn, Instant expiresAt, String jti) {
    @Override
    public String toString() {
      return "TokenView[redacted]";
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record OAuthErrorView(String error, String errorDescription) {}
}
