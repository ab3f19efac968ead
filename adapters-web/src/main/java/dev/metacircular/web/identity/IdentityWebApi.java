package dev.metacircular.web.identity;

import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.AuditQuery;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationQuery;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.policy.PolicyAdministration;
import java.util.Objects;

/**
 * The inbound ports the identity service's pages call: the REST API's ports plus
 * {@link ProfileUseCase} (a person's own account). The apps module wires the core in.
 */
public record IdentityWebApi(
    LoginUseCase login,
    SessionUseCase sessions,
    TokenValidationQuery tokens,
    TokenAdminUseCase tokenAdmin,
    AccountUseCase accounts,
    ProfileUseCase profile,
    TotpUseCase totp,
    PolicyAdministration loginPolicy,
    AuditQuery audit) {

  public IdentityWebApi {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenAdmin, "tokenAdmin");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(loginPolicy, "loginPolicy");
    Objects.requireNonNull(audit, "audit");
  }
}
