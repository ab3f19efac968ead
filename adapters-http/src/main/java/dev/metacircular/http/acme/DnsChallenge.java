package dev.metacircular.http.acme;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ValidationTarget;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * DNS-01 (RFC 8555 §8.4): a TXT record at {@code _acme-challenge.<name>} (a wildcard's base name)
 * must hold base64url(SHA-256(key authorization)).
 */
final class DnsChallenge {
  private final ValidationNames names;

  DnsChallenge(ValidationNames names) {
    this.names = names;
  }

  Optional<AcmeProblem> validate(ValidationTarget target) {
    String record = "_acme-challenge." + target.name();
    List<String> values;
    try {
      values = names.txt(record);
    } catch (UnknownHostException e) {
      return HttpChallenge.problem(
          AcmeProblemType.DNS, "looking up TXT " + record + ": " + e.getMessage());
    }
    if (values.isEmpty()) {
      return HttpChallenge.problem(AcmeProblemType.DNS, "no TXT record at " + record);
    }
    String expected = KeyAuthorizations.digest(target.keyAuthorization());
    if (values.contains(expected)) {
      return Optional.empty();
    }
    return HttpChallenge.problem(
        AcmeProblemType.INCORRECT_RESPONSE, "no TXT record at " + record + " holds the digest");
  }
}
