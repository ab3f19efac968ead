package dev.metacircular.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryContainerRuntime;
import dev.metacircular.domain.memory.InMemoryServiceData;
import dev.metacircular.domain.memory.InMemoryServiceRegistry;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.routecerts.out.RouteCertificates;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.NodeRole;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent asks for the certificates of a service's {@code l7} hostnames before it creates
 * anything: a CA's refusal refuses the deploy with its reason and nothing is created; a missing CA
 * is said once in the service's events; undeploy stops the renewals; a restarted agent resumes
 * them.
 */
class AgentRouteCertificatesTest {

  /** Records what the agent asks; answers {@link #answer}. */
  static final class RecordingCertificates implements RouteCertificates {
    final List<String> calls = new ArrayList<>();
    Outcome answer = new Outcome.Provided(List.of("web.test"), List.of());

    @Override
    public Outcome provide(String service, Path directory, List<String> hostnames) {
      calls.add("provide " + service + " " + directory + " " + hostnames);
      return answer;
    }

    @Override
    public void stopRenewing(String service) {
      calls.add("stop " + service);
    }

    @Override
    public void discard(String service, Path directory) {
      calls.add("discard " + service + " " + directory);
    }
  }

  final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime("localhost/web:v1");
  final InMemoryServiceRegistry registry = new InMemoryServiceRegistry();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final RecordingCertificates certificates = new RecordingCertificates();
  final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
  AgentCore agent = agent();

  AgentCore agent() {
    AgentSettings base = AgentSettings.of("n1", NodeRole.WORKER, "127.0.0.1");
    return new AgentCore(
        new AgentSettings(
            "n1",
            NodeRole.WORKER,
            "127.0.0.1",
            base.ports(),
            List.of("/srv"),
            Set.of(),
            base.capacity(),
            5,
            Duration.ofMinutes(10),
            Duration.ofSeconds(1),
            Duration.ofHours(1),
            "/data"),
        runtime,
        registry,
        audit,
        (address, port) -> true,
        new InMemoryServiceData(),
        certificates,
        clock);
  }

  @AfterEach
  void close() {
    agent.close();
  }

  static ServiceDefinition web(Route... routes) {
    return new ServiceDefinition(
        "web",
        "",
        Tier.WORKER,
        "",
        List.of(
            new Component(
                "api",
                new ImageReference("localhost/web:v1"),
                List.of("httpd"),
                List.of(),
                List.of(),
                List.of(routes))));
  }

  static final Route WEB_TEST = new Route("https", 8443, RouteMode.L7, "web.test");

  List<String> events() {
    return registry.events("web", 20).stream().map(e -> e.kind() + ": " + e.message()).toList();
  }

  @Test
  void theL7HostnamesGetCertificatesInTheServicesCertsDirectoryBeforeItsContainerStarts() {
    agent.deploy(
        AgentCoreTest.ADMIN,
        web(
            WEB_TEST,
            new Route("alt", 8444, RouteMode.L7, "web.test"),
            new Route("plain", 9000, RouteMode.L4, "tcp.test"),
            new Route("nohost", 9001, RouteMode.L7, "")));

    assertThat(certificates.calls).containsExactly("provide web /data/web/certs [web.test]");
    assertThat(runtime.inspect("web-api")).isPresent();
    assertThat(events())
        .containsExactly(
            "certificates: certificate for web.test issued into /data/web/certs"
                + " (renewed at two thirds of its life)",
            "deployed: create web-api");

    // The same definition again: the certificate is kept, nothing new is said.
    certificates.answer = new RouteCertificates.Outcome.Provided(List.of(), List.of("web.test"));
    agent.deploy(
        AgentCoreTest.ADMIN,
        web(
            WEB_TEST,
            new Route("alt", 8444, RouteMode.L7, "web.test"),
            new Route("plain", 9000, RouteMode.L4, "tcp.test"),
            new Route("nohost", 9001, RouteMode.L7, "")));
    assertThat(events()).last().isEqualTo("deployed: no change");

    agent.undeploy(AgentCoreTest.ADMIN, "web");
    assertThat(certificates.calls).last().isEqualTo("stop web");
  }

  @Test
  void aHostnameTheCaRefusesRefusesTheDeployWithItsReasonAndCreatesNothing() {
    certificates.answer =
        new RouteCertificates.Outcome.Refused(
            "web.test", "common name web.test is not allowed by role web");

    assertThatThrownBy(() -> agent.deploy(AgentCoreTest.ADMIN, web(WEB_TEST)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage(
            "service web: the CA refused a certificate for l7 route hostname web.test:"
                + " common name web.test is not allowed by role web");
    assertThat(runtime.inspect("web-api")).isEmpty();
    assertThat(registry.find("web")).isEmpty();
    assertThat(audit.query(AuditFilter.latest(5)))
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("request_refused");
              assertThat(e.details().get("reason")).contains("not allowed by role web");
            });
  }

  @Test
  void withoutACaTheServiceRunsAndItsEventsSayItOnce() {
    certificates.answer =
        new RouteCertificates.Outcome.Unavailable("the agent has no [certificates] table");
    agent.deploy(AgentCoreTest.ADMIN, web(WEB_TEST));
    agent.deploy(AgentCoreTest.ADMIN, web(WEB_TEST));

    assertThat(runtime.inspect("web-api")).isPresent();
    assertThat(events())
        .containsExactly(
            "certificates: no certificate for web.test: the agent has no [certificates] table",
            "deployed: create web-api",
            "deployed: no change");
  }

  @Test
  void aRestartedAgentResumesTheRenewalsAndRecordsARefusal() {
    agent.deploy(AgentCoreTest.ADMIN, web(WEB_TEST));
    agent.close();
    certificates.calls.clear();
    certificates.answer = new RouteCertificates.Outcome.Refused("web.test", "role removed");

    agent = agent();
    agent.startWatching();

    assertThat(certificates.calls).containsExactly("provide web /data/web/certs [web.test]");
    assertThat(registry.events("web", 20))
        .extracting(ServiceEvent::message)
        .contains("the CA refused a certificate for web.test: role removed");
    assertThat(runtime.inspect("web-api")).isPresent();
  }

  @Test
  void aServiceWithoutL7HostnamesAsksForNothingNew() {
    agent.deploy(AgentCoreTest.ADMIN, web(new Route("", 8080, RouteMode.L4, "")));
    assertThat(certificates.calls).containsExactly("provide web /data/web/certs []");
    agent.close();
    certificates.calls.clear();
    agent = agent();
    agent.startWatching();
    assertThat(certificates.calls).isEmpty();
  }
}
