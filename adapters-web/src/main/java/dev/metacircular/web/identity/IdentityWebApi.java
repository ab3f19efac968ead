package dev.metacircular.web.identity;

import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenValidationQuery;
import java.util.Objects;

/**
 * The inbound ports the identity service's pages call; the apps module wires the core in.
 *
 * @param login password (and TOTP) login
 * @param tokens every page's token check, and the caller a token stands for
 * @param sessions logout
 * @param sso the authorization step of single sign-on
 * @param passkeys passkey registration, sign-in and management
 */
public record IdentityWebApi(
    LoginUseCase login,
    TokenValidationQuery tokens,
    SessionUseCase sessions,
    SsoUseCase sso,
    PasskeyUseCase passkeys) {

  public IdentityWebApi {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(sso, "sso");
    Objects.requireNonNull(passkeys, "passkeys");
  }
}
