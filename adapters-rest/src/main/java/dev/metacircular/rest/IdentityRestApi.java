package dev.metacircular.rest;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.util.Objects;

/** The inbound ports the identity service's REST API calls; the apps module wires the core in. */
public record IdentityRestApi(
    LoginUseCase login,
    SessionUseCase sessions,
    TokenValidationUseCase tokens,
    TokenAdminUseCase tokenAdmin,
    AccountUseCase accounts,
    TotpUseCase totp,
    PolicyAdminUseCase loginPolicy,
    AuditUseCase audit,
    SsoClientAdminUseCase ssoClients,
    SsoUseCase sso,
    PasskeyUseCase passkeys,
    ProfileUseCase profile,
    RecoveryCodeUseCase recoveryCodes) {

  public IdentityRestApi {
    Objects.requireNonNull(ssoClients, "ssoClients");
    Objects.requireNonNull(sso, "sso");
    Objects.requireNonNull(passkeys, "passkeys");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenAdmin, "tokenAdmin");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(audit, "audit");
  }
}
