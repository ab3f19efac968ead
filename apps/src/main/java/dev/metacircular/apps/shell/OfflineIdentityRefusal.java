package dev.metacircular.apps.shell;

import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;

/**
 * The identity side of an offline crypto core: there is no login offline (every command runs as the
 * offline tool), so any login or token that reaches it is refused as unavailable.
 */
public final class OfflineIdentityRefusal implements IdentityProvider {
  private static final String MESSAGE = "no identity service offline";

  @Override
  public IssuedToken login(
      String username, char[] password, String totpCode, String sourceAddress) {
    throw new DomainException.Unavailable(MESSAGE);
  }

  @Override
  public TokenValidation validate(String token) {
    throw new DomainException.Unavailable(MESSAGE);
  }

  @Override
  public void logout(String token, String sourceAddress) {
    throw new DomainException.Unavailable(MESSAGE);
  }

  @Override
  public String serviceName() {
    return "metacrypt";
  }
}
