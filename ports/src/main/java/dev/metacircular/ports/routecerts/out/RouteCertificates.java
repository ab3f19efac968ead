package dev.metacircular.ports.routecerts.out;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Outbound port: TLS certificates for the hostnames of a service's {@code l7} routes, issued by a
 * CA and kept as files in the service's {@code certs/} directory ({@code <hostname>.pem} with the
 * chain, {@code <hostname>.key} with mode 0600, {@code ca.pem}), renewed while the service is
 * deployed. The agent asks before it starts the service's containers, so they find their files.
 */
public interface RouteCertificates {

  /** What {@link #provide} did. */
  sealed interface Outcome {

    /**
     * Every hostname has a current certificate: {@code issued} were issued now, {@code kept} were
     * already in the directory for that name and not yet due; all are renewed from now on.
     */
    record Provided(List<String> issued, List<String> kept) implements Outcome {
      public Provided {
        issued = List.copyOf(issued);
        kept = List.copyOf(kept);
      }
    }

    /** No CA is configured: the routes get no certificate, for {@code reason}. */
    record Unavailable(String reason) implements Outcome {
      public Unavailable {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /**
     * The CA would not issue for {@code hostname} ({@code reason} is its answer, e.g. a name
     * outside the role); nothing this call wrote is left in the directory.
     */
    record Refused(String hostname, String reason) implements Outcome {
      public Refused {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /**
   * For an agent whose certificates are not its concern (tests of other behaviour): nothing is
   * issued and nothing is said.
   */
  RouteCertificates IGNORED =
      new RouteCertificates() {
        @Override
        public Outcome provide(String service, Path directory, List<String> hostnames) {
          return new Outcome.Provided(List.of(), List.of());
        }

        @Override
        public void stopRenewing(String service) {}

        @Override
        public void discard(String service, Path directory) {}
      };

  /**
   * Makes sure each of {@code hostnames} has a current certificate in {@code directory} (created
   * when missing, owned as the service's data directory, its parent) and renews them from now on;
   * hostnames of {@code service} no longer listed stop being renewed. An empty list only stops the
   * renewals.
   */
  Outcome provide(String service, Path directory, List<String> hostnames);

  /** Stops renewing {@code service}'s certificates; the files stay with the service's data. */
  void stopRenewing(String service);

  /**
   * Stops renewing and removes the certificate files of {@code service} from {@code directory} (a
   * first deploy that failed leaves nothing behind).
   */
  void discard(String service, Path directory);
}
