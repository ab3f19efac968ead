package dev.metacircular.grpc;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.util.Objects;

/** The inbound ports the identity service's gRPC API calls (the same as its REST API's). */
public record IdentityGrpcApi(
    LoginUseCase login,
    SessionUseCase sessions,
    TokenValidationUseCase tokens,
    TokenAdminUseCase tokenAdmin,
    AccountUseCase accounts,
    TotpUseCase totp,
    PolicyAdminUseCase loginPolicy,
    AuditUseCase audit,
    RecoveryCodeUseCase recoveryCodes) {

  public IdentityGrpcApi {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenAdmin, "tokenAdmin");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
  }
}
