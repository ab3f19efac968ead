package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import io.grpc.BindableService;
import java.util.List;
import java.util.Objects;

/**
 * The identity service's gRPC API ({@code metacircular.mcias.v1} plus the policy and audit services
 * over the login policy and the identity audit log), started on construction and stopped by {@link
 * #close()}. Same ports, same semantics as the REST API.
 */
public final class IdentityGrpcServer implements AutoCloseable {
  private final GrpcServer server;

  private IdentityGrpcServer(GrpcServer server) {
    this.server = server;
  }

  /** Binds and starts; fails if the address is taken or the key store is unusable. */
  public static IdentityGrpcServer start(IdentityUseCases api, GrpcSettings settings) {
    return start(api, settings, access());
  }

  static IdentityGrpcServer start(
      IdentityUseCases api, GrpcSettings settings, MethodAccess access) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(settings, "settings");
    PolicyAndAuditServices shared = new PolicyAndAuditServices(api.loginPolicy(), api.audit());
    List<BindableService> services =
        List.of(
            new IdentityAdminService(api.tokens()),
            new IdentityAuthService(api.login(), api.sessions(), api.totp(), api.recoveryCodes()),
            new IdentityTokenService(api.tokens(), api.tokenAdmin()),
            new IdentityAccountService(api.accounts()));
    return new IdentityGrpcServer(
        shared.startWith(
            services,
            settings,
            access,
            AuthInterceptor.Authenticator.of(
                api.tokens()::authenticate, api.tokens()::requireAdmin),
            null));
  }

  /** Who may call what: every method of every service above, exactly once. */
  static MethodAccess access() {
    return new MethodAccess()
        .publicMethods(
            AdminServiceGrpc.getHealthMethod(),
            AdminServiceGrpc.getGetPublicKeyMethod(),
            AuthServiceGrpc.getLoginMethod(),
            // the presented token is the subject of these; the core checks it
            AuthServiceGrpc.getLogoutMethod(),
            AuthServiceGrpc.getRenewTokenMethod(),
            TokenServiceGrpc.getValidateTokenMethod())
        .authenticated(
            AuthServiceGrpc.getEnrollTOTPMethod(),
            AuthServiceGrpc.getConfirmTOTPMethod(),
            AuthServiceGrpc.getGenerateRecoveryCodesMethod(),
            AuthServiceGrpc.getGetRecoveryCodeStatusMethod(),
            // admins for any account, anyone for their own: the core decides
            AuthServiceGrpc.getRemoveTOTPMethod())
        .admin(
            TokenServiceGrpc.getIssueServiceTokenMethod(),
            TokenServiceGrpc.getRevokeTokenMethod(),
            TokenServiceGrpc.getListTokensMethod(),
            AccountServiceGrpc.getCreateAccountMethod(),
            AccountServiceGrpc.getListAccountsMethod(),
            AccountServiceGrpc.getGetAccountMethod(),
            AccountServiceGrpc.getUpdateAccountMethod(),
            AccountServiceGrpc.getDeleteAccountMethod(),
            AccountServiceGrpc.getGetRolesMethod(),
            AccountServiceGrpc.getSetRolesMethod())
        .admin(PolicyAndAuditServices.methods());
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
