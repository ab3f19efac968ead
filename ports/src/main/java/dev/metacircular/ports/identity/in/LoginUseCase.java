package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.identity.IssuedToken;

/**
 * Inbound port: password (and TOTP) login.
 *
 * <p>Failures: {@code Unauthenticated("invalid credentials")} for an unknown user, a wrong
 * password, an inactive account or a wrong TOTP code — all with the same message and the same cost;
 * {@code Unauthenticated("totp required")} only after the password was right and a code is missing;
 * {@code Forbidden("login denied by policy")}; {@code TooManyRequests} for the per-address rate
 * limit or the per-account lockout.
 */
public interface LoginUseCase {

  IssuedToken login(LoginCommand command);
}
