package dev.metacircular.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Token validation (public) and administration (admin, enforced by the core). */
final class TokenController {
  private static final int MAX_AUDIENCE = LoginCommand.MAX_SERVICE_NAME;

  private final TokenValidationUseCase tokens;
  private final TokenAdminUseCase tokenAdmin;

  TokenController(TokenValidationUseCase tokens, TokenAdminUseCase tokenAdmin) {
    this.tokens = tokens;
    this.tokenAdmin = tokenAdmin;
  }

  /**
   * Always 200: a bad token is {@code {"valid": false}}, never an error status. Open to every
   * caller and every audience (relying services ask it); with {@code audience}, a token for another
   * service is {@code {"valid": false}} too.
   */
  void validate(Context ctx) {
    ValidateRequest request = JsonBodies.read(ctx, ValidateRequest.class);
    String token = request.token();
    String audience = request.audience();
    if (audience != null && (audience.isBlank() || audience.length() > MAX_AUDIENCE)) {
      throw new DomainException.InvalidInput(
          "audience must be a service name of 1 to " + MAX_AUDIENCE + " characters");
    }
    TokenValidation result =
        token == null || token.isBlank()
            ? new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED)
            : tokens.validate(token, audience);
    JsonBodies.write(ctx, 200, ValidationView.of(result));
  }

  void issue(Context ctx, Caller caller) {
    IssueRequest request = JsonBodies.read(ctx, IssueRequest.class);
    IssuedToken token =
        tokenAdmin.issueServiceToken(
            caller,
            Ids.accountId(request.accountId()),
            Ttls.parse(request.ttl()),
            request.serviceName());
    JsonBodies.write(ctx, 200, new IssuedTokenView(token.token(), token.jti(), token.expiresAt()));
  }

  void revoke(Context ctx, Caller caller) {
    RevokeRequest request = JsonBodies.read(ctx, RevokeRequest.class);
    if (request.jti() == null || request.jti().isBlank()) {
      throw new DomainException.InvalidInput("jti is required");
    }
    tokenAdmin.revoke(caller, request.jti(), request.reason() == null ? "" : request.reason());
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void listForAccount(Context ctx, Caller caller) {
    List<TokenRecordView> records =
        tokenAdmin.list(caller, Ids.accountId(ctx.pathParam("id"))).stream()
            .map(TokenRecordView::of)
            .toList();
    JsonBodies.write(ctx, 200, new TokenList(records));
  }

  record ValidateRequest(String token, String audience) {
    @Override
    public String toString() {
      return "ValidateRequest[redacted]";
    }
  }

  /** {@code service_name}: the audience of the token; absent, the identity service itself. */
  record IssueRequest(String accountId, JsonNode ttl, String serviceName) {}

  record RevokeRequest(String jti, String reason) {}

  /** {@code {"valid": false}} or the claims of a valid token; fields of a bad token are absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ValidationView(
      boolean valid,
      String sub,
      String aud,
      String username,
      List<String> roles,
      String accountType,
      Instant expiresAt) {
    static ValidationView of(TokenValidation result) {
      if (result instanceof TokenValidation.Valid valid) {
        TokenClaims c = valid.claims();
        return new ValidationView(
            true,
            c.accountId().toString(),
            c.audience(),
            c.username(),
            AccountController.roleNames(c.roles()),
            c.accountType().wireName(),
            c.expiresAt());
      }
      return new ValidationView(false, null, null, null, null, null, null);
    }
  }

  record IssuedTokenView(String token, String jti, Instant expiresAt) {
    @Override
    public String toString() {
      return "IssuedTokenView[jti=" + jti + "]";
    }
  }

  record TokenList(List<TokenRecordView> tokens) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TokenRecordView(
      String jti,
      String kind,
      String audience,
      Instant issuedAt,
      Instant expiresAt,
      boolean revoked,
      Instant revokedAt) {
    static TokenRecordView of(TokenRecord r) {
      return new TokenRecordView(
          r.jti(),
          r.kind().name().toLowerCase(Locale.ROOT),
          r.audience().isEmpty() ? null : r.audience(),
          r.issuedAt(),
          r.expiresAt(),
          r.revoked(),
          r.revokedAt());
    }
  }
}
