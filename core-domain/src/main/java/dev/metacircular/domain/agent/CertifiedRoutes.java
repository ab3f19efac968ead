package dev.metacircular.domain.agent;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.routecerts.out.RouteCertificates;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The agent's side of certificates for {@code l7} routes: which hostnames get one (see {@link
 * RouteHostnames}), where they live ({@code <service_root>/<service>/certs/}), what a deploy
 * records, and the renewals resumed when the agent starts.
 */
final class CertifiedRoutes {

  private static final System.Logger LOG = System.getLogger(CertifiedRoutes.class.getName());

  private final RouteCertificates certificates;
  private final AgentSettings settings;

  CertifiedRoutes(RouteCertificates certificates, AgentSettings settings) {
    this.certificates = certificates;
    this.settings = settings;
  }

  /** Where a service's route certificates live. */
  Path directory(String service) {
    return settings.dataDirectory(service).resolve("certs");
  }

  /**
   * Certificates for the definition's l7 hostnames, before anything is created. Answers what to
   * record in the service's events ("" when nothing is new: the same hostnames kept, or a missing
   * CA already said so for them).
   *
   * @throws DomainException.InvalidInput with the CA's reason when it refuses a hostname
   */
  String provide(ServiceDefinition definition, Optional<RegisteredService> before) {
    List<String> hostnames = RouteHostnames.of(definition);
    RouteCertificates.Outcome outcome =
        certificates.provide(definition.name(), directory(definition.name()), hostnames);
    if (outcome instanceof RouteCertificates.Outcome.Refused r) {
      throw new DomainException.InvalidInput(
          "service "
              + definition.name()
              + ": the CA refused a certificate for l7 route hostname "
              + r.hostname()
              + ": "
              + r.reason());
    }
    if (outcome instanceof RouteCertificates.Outcome.Unavailable u) {
      boolean news =
          before.map(b -> !RouteHostnames.of(b.definition()).equals(hostnames)).orElse(true);
      return hostnames.isEmpty() || !news
          ? ""
          : "no certificate for " + String.join(", ", hostnames) + ": " + u.reason();
    }
    RouteCertificates.Outcome.Provided p = (RouteCertificates.Outcome.Provided) outcome;
    return p.issued().isEmpty()
        ? ""
        : "certificate for "
            + String.join(", ", p.issued())
            + " issued into "
            + directory(definition.name())
            + " (renewed at two thirds of its life)";
  }

  /**
   * At start: the deployed services' certificates are renewed again (the files kept, or issued when
   * missing). A CA that refuses now is handed to {@code failed} (service, reason); the service
   * keeps running on what it has.
   */
  void resume(List<RegisteredService> services, BiConsumer<String, String> failed) {
    for (RegisteredService service : services) {
      List<String> hostnames = RouteHostnames.of(service.definition());
      if (hostnames.isEmpty()) {
        continue;
      }
      try {
        RouteCertificates.Outcome outcome =
            certificates.provide(service.name(), directory(service.name()), hostnames);
        if (outcome instanceof RouteCertificates.Outcome.Refused r) {
          failed.accept(
              service.name(),
              "the CA refused a certificate for " + r.hostname() + ": " + r.reason());
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "resuming the certificates of " + service.name() + " failed: " + e.getMessage());
      }
    }
  }

  /** A first deploy that failed: no renewals, no files. */
  void discard(String service) {
    certificates.discard(service, directory(service));
  }

  /** Undeployed: no renewals; the files stay with the service's data. */
  void stopRenewing(String service) {
    certificates.stopRenewing(service);
  }
}
