package dev.metacircular.ports.acme.out;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.ValidationTarget;
import java.util.Optional;

/**
 * Outbound port: checks one ACME challenge against the world (HTTP-01, DNS-01, TLS-ALPN-01). An
 * implementation connects only to {@code target.name()} on the target's configured port (resolved
 * through its {@code dnsResolver} when one is set), with timeouts and size limits, and follows no
 * redirect RFC 8555 §8.3 does not allow. Called on a background thread; may block.
 */
public interface ChallengeValidator {

  /**
   * One validation attempt: empty when the challenge is fulfilled, else the problem ({@code
   * incorrectResponse}, {@code connection}, {@code dns}, {@code tls}, {@code unauthorized}) to
   * record in the challenge. Never throws for a failure of the remote side.
   */
  Optional<AcmeProblem> validate(ValidationTarget target);
}
