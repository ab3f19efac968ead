package dev.metacircular.domain.telemetry;

import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.telemetry.TelemetryEvent.TokenValidated;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.Objects;

/**
 * Token validation reporting each check's verdict to {@link Telemetry} (valid or not; never the
 * token, its subject or the reason). Every door's bearer check goes through {@link #validate}, so
 * this counts them all.
 */
public final class CountedTokenValidation implements TokenValidationUseCase {
  private static final TokenValidated VALID = new TokenValidated(true);
  private static final TokenValidated INVALID = new TokenValidated(false);

  private final TokenValidationUseCase tokens;
  private final Telemetry telemetry;

  private CountedTokenValidation(TokenValidationUseCase tokens, Telemetry telemetry) {
    this.tokens = tokens;
    this.telemetry = telemetry;
  }

  /** {@code tokens} itself when there is nothing to report to. */
  public static TokenValidationUseCase wrap(TokenValidationUseCase tokens, Telemetry telemetry) {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(telemetry, "telemetry");
    return telemetry == Telemetry.NONE ? tokens : new CountedTokenValidation(tokens, telemetry);
  }

  @Override
  public TokenValidation validate(String token) {
    TokenValidation result = tokens.validate(token);
    telemetry.record(result instanceof TokenValidation.Valid ? VALID : INVALID);
    return result;
  }

  @Override
  public String audience() {
    return tokens.audience();
  }

  @Override
  public PublicSigningKey publicKey() {
    return tokens.publicKey();
  }
}
