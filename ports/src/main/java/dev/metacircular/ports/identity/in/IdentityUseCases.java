package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.util.Objects;

/**
 * Every inbound port of the identity service, in one value: what each of its doors (REST, gRPC, the
 * web pages) takes, so the list is written once. A door calls the ports it serves and leaves the
 * others alone; the apps module's core module provides it from the core.
 *
 * @param login password (and TOTP) login
 * @param sessions logout and renewal
 * @param tokens token validation, and the caller a token stands for (every protected request)
 * @param tokenAdmin issuing service tokens and revoking tokens (admin)
 * @param accounts accounts and roles (admin)
 * @param totp TOTP enrolment, confirmation and removal
 * @param loginPolicy the login policy rules and explain (admin)
 * @param audit the audit log (admin)
 * @param ssoClients registering SSO clients (admin)
 * @param sso the authorization-code flow of single sign-on
 * @param passkeys passkey registration, sign-in and management
 * @param profile a person's own account and its password
 * @param recoveryCodes single-use recovery codes
 */
public record IdentityUseCases(
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

  public IdentityUseCases {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenAdmin, "tokenAdmin");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(ssoClients, "ssoClients");
    Objects.requireNonNull(sso, "sso");
    Objects.requireNonNull(passkeys, "passkeys");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
  }
}
