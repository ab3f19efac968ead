package dev.metacircular.web.identity;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.util.Objects;

/**
 * The inbound ports the identity service's pages call: the REST API's ports plus {@link
 * ProfileUseCase} (a person's own account). The apps module wires the core in.
 *
 * @param login password (and TOTP) login
 * @param sessions logout
 * @param tokens every page's token check, and the caller a token stands for
 * @param tokenAdmin the admin tokens page
 * @param accounts the admin accounts page
 * @param profile the profile page: the own account and its password
 * @param totp TOTP enrolment on the profile page
 * @param loginPolicy the admin login policy page
 * @param audit the admin audit page
 * @param sso the authorization step of single sign-on
 * @param passkeys passkey registration, sign-in and management
 */
public record IdentityWebApi(
    LoginUseCase login,
    SessionUseCase sessions,
    TokenValidationUseCase tokens,
    TokenAdminUseCase tokenAdmin,
    AccountUseCase accounts,
    ProfileUseCase profile,
    TotpUseCase totp,
    PolicyAdminUseCase loginPolicy,
    AuditUseCase audit,
    SsoUseCase sso,
    PasskeyUseCase passkeys,
    RecoveryCodeUseCase recoveryCodes) {

  public IdentityWebApi {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenAdmin, "tokenAdmin");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(sso, "sso");
    Objects.requireNonNull(passkeys, "passkeys");
  }
}
