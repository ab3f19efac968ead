package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.LogoutRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LogoutResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoResponse;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.metacrypt.v1.AuthService}: delegated to the identity service. */
final class CryptoAuthService extends AuthServiceGrpc.AuthServiceImplBase {
  private final DelegatedAuthenticationUseCase auth;

  CryptoAuthService(DelegatedAuthenticationUseCase auth) {
    this.auth = auth;
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.require(request.getPasswordBytes(), "password");
          try {
            IssuedToken token =
                auth.login(
                    request.getUsername(),
                    password,
                    Wire.orNull(request.getTotpCode()),
                    Door.source());
            return LoginResponse.newBuilder()
                .setToken(token.token())
                .setExpiresAt(Wire.timestamp(token.expiresAt()))
                .build();
          } finally {
            Secrets.wipe(password);
          }
        });
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> out) {
    Calls.unary(
        out,
        () -> {
          auth.logout(Door.token(), Door.source());
          return LogoutResponse.getDefaultInstance();
        });
  }

  @Override
  public void tokenInfo(TokenInfoRequest request, StreamObserver<TokenInfoResponse> out) {
    Calls.unary(
        out,
        () -> {
          TokenClaims claims = auth.tokenInfo(Door.token());
          return TokenInfoResponse.newBuilder()
              .setSub(claims.accountId().toString())
              .setUsername(claims.username())
              .addAllRoles(IdentityAccountService.roleNames(claims.roles()))
              .setAccountType(claims.accountType().wireName())
              .setExpiresAt(Wire.timestamp(claims.expiresAt()))
              .setIsAdmin(claims.roles().contains(Role.ADMIN))
              .build();
        });
  }
}
