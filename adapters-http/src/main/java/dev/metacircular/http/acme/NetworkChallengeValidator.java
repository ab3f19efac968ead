package dev.metacircular.http.acme;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.ValidationTarget;
import dev.metacircular.ports.acme.out.ChallengeValidator;
import java.util.Optional;

/**
 * The ACME server's challenge validator over the network: HTTP-01 ({@link HttpChallenge}), DNS-01
 * ({@link DnsChallenge}) and TLS-ALPN-01 ({@link TlsAlpnChallenge}). It connects only to the
 * target's name — resolved through the target's {@code dns_resolver} when one is set — on the
 * target's configured port (HTTP-01 redirects: the same name on 80 or 443 only), with timeouts and
 * size limits. Stateless and thread-safe.
 */
public final class NetworkChallengeValidator implements ChallengeValidator {

  @Override
  public Optional<AcmeProblem> validate(ValidationTarget target) {
    ValidationNames names = new ValidationNames(target.dnsResolver());
    return switch (target.type()) {
      case HTTP_01 -> new HttpChallenge(names).validate(target);
      case DNS_01 -> new DnsChallenge(names).validate(target);
      case TLS_ALPN_01 -> new TlsAlpnChallenge(names).validate(target);
    };
  }
}
