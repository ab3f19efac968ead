package dev.metacircular.domain.delegation;

import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import java.util.List;
import java.util.Objects;

/**
 * The identity service in the same process: calls the identity core's inbound ports directly, for
 * dev mode and for programs that embed both services. There is no cache, so a revoked token is
 * refused on the very next validation.
 *
 * <p>Every login carries the configured {@code service_name} (which becomes the token's {@code
 * aud}) and {@code tags}, exactly as the REST client sends them, so the login policy sees the same
 * request whichever adapter is wired in. Refusals are the core's own exceptions, unchanged.
 */
public final class InProcessIdentityProvider implements IdentityProvider {

  private final LoginUseCase login;
  private final SessionUseCase sessions;
  private final TokenValidationUseCase tokens;
  private final String serviceName;
  private final List<String> tags;

  /**
   * @param serviceName the relying service's name, sent at login (at most {@value
   *     LoginCommand#MAX_SERVICE_NAME} characters, not blank)
   * @param tags sent at login for the login policy (at most {@value LoginCommand#MAX_TAGS}); may be
   *     null for none
   */
  public InProcessIdentityProvider(
      LoginUseCase login,
      SessionUseCase sessions,
      TokenValidationUseCase tokens,
      String serviceName,
      List<String> tags) {
    this.login = Objects.requireNonNull(login, "login");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.serviceName = requireServiceName(serviceName);
    this.tags = requireTags(tags);
  }

  /** Over an identity core opened in this process. */
  public static InProcessIdentityProvider over(
      IdentityCore core, String serviceName, List<String> tags) {
    Objects.requireNonNull(core, "core");
    return new InProcessIdentityProvider(
        core.login(), core.sessions(), core.tokens(), serviceName, tags);
  }

  @Override
  public IssuedToken login(
      String username, char[] password, String totpCode, String sourceAddress) {
    // The command validates itself; its InvalidInput surfaces unchanged, like the REST door's 400.
    return login.login(
        new LoginCommand(username, password, totpCode, serviceName, tags, sourceAddress));
  }

  @Override
  public TokenValidation validate(String token) {
    if (token == null || token.isBlank()) {
      return new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED);
    }
    return tokens.validate(token);
  }

  @Override
  public TokenValidation validate(String token, String audience) {
    if (token == null || token.isBlank()) {
      return new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED);
    }
    return tokens.validate(token, Objects.requireNonNull(audience, "audience"));
  }

  @Override
  public void logout(String token, String sourceAddress) {
    sessions.logout(token, sourceAddress);
  }

  @Override
  public String serviceName() {
    return serviceName;
  }

  @Override
  public String toString() {
    return "InProcessIdentityProvider[service=" + serviceName + "]";
  }

  static String requireServiceName(String serviceName) {
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("identity provider: service name must not be blank");
    }
    if (serviceName.length() > LoginCommand.MAX_SERVICE_NAME) {
      throw new IllegalArgumentException(
          "identity provider: service name is longer than "
              + LoginCommand.MAX_SERVICE_NAME
              + " characters");
    }
    return serviceName;
  }

  static List<String> requireTags(List<String> tags) {
    List<String> copy = tags == null ? List.of() : List.copyOf(tags);
    if (copy.size() > LoginCommand.MAX_TAGS) {
      throw new IllegalArgumentException(
          "identity provider: at most " + LoginCommand.MAX_TAGS + " tags");
    }
    return copy;
  }
}
