package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenResponse;
import dev.metacircular.grpc.proto.mcias.v1.ListTokensRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListTokensResponse;
import dev.metacircular.grpc.proto.mcias.v1.RevokeTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.RevokeTokenResponse;
import dev.metacircular.grpc.proto.mcias.v1.TokenRecord;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenResponse;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Locale;

/** {@code metacircular.mcias.v1.TokenService}: validation (public) and token administration. */
final class IdentityTokenService extends TokenServiceGrpc.TokenServiceImplBase {
  private final TokenValidationUseCase tokens;
  private final TokenAdminUseCase tokenAdmin;

  IdentityTokenService(TokenValidationUseCase tokens, TokenAdminUseCase tokenAdmin) {
    this.tokens = tokens;
    this.tokenAdmin = tokenAdmin;
  }

  /** Never an error for a bad token: {@code valid = false}, as REST's 200. */
  @Override
  public void validateToken(
      ValidateTokenRequest request, StreamObserver<ValidateTokenResponse> out) {
    Calls.unary(
        out,
        () -> {
          String token = request.getToken();
          String audience = request.getAudience();
          if (audience.length() > LoginCommand.MAX_SERVICE_NAME) {
            throw new DomainException.InvalidInput(
                "audience is longer than " + LoginCommand.MAX_SERVICE_NAME + " characters");
          }
          // Empty: any audience (proto3 has no absent string); set: only that one.
          TokenValidation result =
              token.isBlank()
                  ? new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED)
                  : tokens.validate(token, audience.isBlank() ? null : audience);
          if (!(result instanceof TokenValidation.Valid valid)) {
            return ValidateTokenResponse.newBuilder().setValid(false).build();
          }
          TokenClaims c = valid.claims();
          return ValidateTokenResponse.newBuilder()
              .setValid(true)
              .setSub(c.accountId().toString())
              .setAud(c.audience())
              .setUsername(c.username())
              .addAllRoles(IdentityAccountService.roleNames(c.roles()))
              .setAccountType(c.accountType().wireName())
              .setExpiresAt(Wire.timestamp(c.expiresAt()))
              .build();
        });
  }

  @Override
  public void issueServiceToken(
      IssueServiceTokenRequest request, StreamObserver<IssueServiceTokenResponse> out) {
    Calls.unary(
        out,
        () -> {
          Duration ttl = null;
          if (request.hasTtl()) {
            if (request.getTtl().getNanos() != 0) {
              throw new DomainException.InvalidInput("ttl must be whole seconds");
            }
            ttl = Duration.ofSeconds(request.getTtl().getSeconds());
          }
          IssuedToken token =
              tokenAdmin.issueServiceToken(
                  Door.caller(),
                  Wire.accountId(request.getAccountId()),
                  ttl,
                  request.getServiceName().isBlank() ? null : request.getServiceName());
          return IssueServiceTokenResponse.newBuilder()
              .setToken(token.token())
              .setJti(token.jti())
              .setExpiresAt(Wire.timestamp(token.expiresAt()))
              .build();
        });
  }

  @Override
  public void revokeToken(RevokeTokenRequest request, StreamObserver<RevokeTokenResponse> out) {
    Calls.unary(
        out,
        () -> {
          if (request.getJti().isBlank()) {
            throw new DomainException.InvalidInput("jti is required");
          }
          tokenAdmin.revoke(Door.caller(), request.getJti(), request.getReason());
          return RevokeTokenResponse.getDefaultInstance();
        });
  }

  @Override
  public void listTokens(ListTokensRequest request, StreamObserver<ListTokensResponse> out) {
    Calls.unary(
        out,
        () -> {
          ListTokensResponse.Builder list = ListTokensResponse.newBuilder();
          for (var r : tokenAdmin.list(Door.caller(), Wire.accountId(request.getAccountId()))) {
            TokenRecord.Builder record =
                TokenRecord.newBuilder()
                    .setJti(r.jti())
                    .setKind(r.kind().name().toLowerCase(Locale.ROOT))
                    .setIssuedAt(Wire.timestamp(r.issuedAt()))
                    .setExpiresAt(Wire.timestamp(r.expiresAt()))
                    .setRevoked(r.revoked())
                    .setAudience(r.audience());
            if (r.revokedAt() != null) {
              record.setRevokedAt(Wire.timestamp(r.revokedAt()));
            }
            list.addTokens(record);
          }
          return list.build();
        });
  }
}
