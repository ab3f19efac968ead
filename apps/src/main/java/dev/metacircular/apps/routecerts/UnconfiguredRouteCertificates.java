package dev.metacircular.apps.routecerts;

import dev.metacircular.ports.routecerts.out.RouteCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent without {@code [certificates]}: l7 routes get no certificate. The agent's log says so
 * once (at the first hostname asked for), each service's events when its hostnames are new.
 */
public final class UnconfiguredRouteCertificates implements RouteCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(UnconfiguredRouteCertificates.class);

  /** The reason given for every hostname. */
  public static final String REASON =
      "the agent has no [certificates] table (issue_url, role, token_file)";

  private final AtomicBoolean said = new AtomicBoolean();

  @Override
  public Outcome provide(String service, Path directory, List<String> hostnames) {
    if (hostnames.isEmpty()) {
      return new Outcome.Provided(List.of(), List.of());
    }
    if (said.compareAndSet(false, true)) {
      LOG.atWarn()
          .addKeyValue("service", service)
          .addKeyValue("hostnames", hostnames)
          .log("l7 routes get no certificate: " + REASON);
    }
    return new Outcome.Unavailable(REASON);
  }

  @Override
  public void stopRenewing(String service) {
    // nothing is renewed
  }

  @Override
  public void discard(String service, Path directory) {
    // nothing was written
  }
}
