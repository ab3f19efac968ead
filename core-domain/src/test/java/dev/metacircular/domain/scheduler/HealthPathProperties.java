package dev.metacircular.domain.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.HealthCheck;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.RouteStatus;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.Tier;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A route's {@code health_path}: an absolute path of printable ASCII, bounded, with no scheme or
 * host, is kept as written; anything else is refused with a reason; and boot checks a route that
 * has one with an HTTP GET of it, one without with a TCP connect.
 */
class HealthPathProperties {

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings()
        .withCharRange('!', '~')
        .ofMinLength(0)
        .ofMaxLength(200)
        .map(rest -> "/" + (rest.startsWith("/") ? "x" + rest : rest));
  }

  @Property
  void anAbsolutePrintablePathIsKeptAsWritten(@ForAll("paths") String path) {
    assertThat(new Route("", 8080, RouteMode.L7, "", path).healthPath()).isEqualTo(path);
  }

  @Property
  void aPathWithAControlOrNonAsciiCharacterOrSpaceIsRefused(
      @ForAll("paths") String path,
      @ForAll @IntRange(min = 1, max = 300) int at,
      @ForAll("unprintable") char bad) {
    int where = 1 + (at % path.length());
    String withBad = path.substring(0, where) + bad + path.substring(where);
    assertThatThrownBy(() -> new Route("", 8080, RouteMode.L4, "", withBad))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("printable ASCII without spaces");
  }

  @Provide
  Arbitrary<Character> unprintable() {
    return Arbitraries.oneOf(
        Arbitraries.chars().range('\u0000', ' '),
        Arbitraries.chars().range('\u007f', '\u00ff'),
        Arbitraries.chars().range('\u0100', '\uffff'));
  }

  @Property
  void aPathThatIsNotAbsoluteOrNamesAHostIsRefused(@ForAll("paths") String path) {
    for (String bad : List.of(path.substring(1), "/" + path, "http://host" + path)) {
      if (bad.isEmpty()) {
        continue; // no path at all is the TCP check
      }
      assertThatThrownBy(() -> new Route("", 8080, RouteMode.L4, "", bad))
          .isInstanceOf(DomainException.InvalidInput.class)
          .hasMessageContaining("absolute path such as \"/healthz\"");
    }
  }

  @Test
  void aPathLongerThanTheBoundIsRefusedAndOneAtTheBoundKept() {
    String longest = "/" + "a".repeat(Route.MAX_HEALTH_PATH - 1);
    assertThat(new Route("", 1, RouteMode.L4, "", longest).healthPath()).isEqualTo(longest);
    assertThatThrownBy(() -> new Route("", 1, RouteMode.L4, "", longest + "a"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("route health_path is longer than 256 characters");
  }

  @Test
  void noPathIsATcpCheckAndTheFourArgumentRouteHasNone() {
    assertThat(new Route("", 1, RouteMode.L4, "").healthPath()).isEmpty();
    assertThat(new Route("", 1, RouteMode.L4, "", null).healthPath()).isEmpty();
  }

  @Test
  void bootChecksARouteWithAHealthPathByHttpAndOneWithoutByTcp() {
    ServiceDefinition definition =
        new ServiceDefinition(
            "web",
            "",
            Tier.WORKER,
            "",
            List.of(
                new Component(
                    "api",
                    new ImageReference("localhost/web:v1"),
                    null,
                    null,
                    null,
                    List.of(
                        new Route("rest", 8443, RouteMode.L7, "web.test", "/healthz?deep=1"),
                        new Route("grpc", 9443, RouteMode.L4, "")))));
    assertThat(
            RouteHealthChecks.of(
                definition, "10.0.0.2", "api", new RouteStatus("rest", 8443, 20001, "l7")))
        .isEqualTo(new HealthCheck.Http("10.0.0.2", 20001, "/healthz?deep=1"));
    assertThat(
            RouteHealthChecks.of(
                definition, "10.0.0.2", "api", new RouteStatus("grpc", 9443, 20002, "l4")))
        .isEqualTo(new HealthCheck.Tcp("10.0.0.2", 20002));
    // A route the agent reports that the definition no longer declares: a TCP connect.
    assertThat(
            RouteHealthChecks.of(
                definition, "10.0.0.2", "other", new RouteStatus("rest", 8443, 20003, "l7")))
        .isEqualTo(new HealthCheck.Tcp("10.0.0.2", 20003));
    assertThat(new HealthCheck.Http("10.0.0.2", 20001, "/healthz").describe())
        .isEqualTo("http GET 10.0.0.2:20001/healthz");
  }
}
