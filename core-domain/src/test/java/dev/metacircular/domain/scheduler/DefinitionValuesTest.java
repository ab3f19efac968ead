package dev.metacircular.domain.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.PortRange;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The values of a service definition refuse bad input with a reason a person can act on. */
class DefinitionValuesTest {

  @Test
  void imagesMustPinATag() {
    assertThat(new ImageReference("localhost:5000/busybox:v1.36").tag()).isEqualTo("v1.36");
    assertThatThrownBy(() -> new ImageReference("localhost/busybox:latest"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("latest");
    assertThatThrownBy(() -> new ImageReference("localhost:5000/busybox"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("has no tag");
    assertThatThrownBy(() -> new ImageReference("busybox@sha256:abc"))
        .hasMessageContaining("digest");
  }

  @Test
  void volumesAreAbsoluteWithoutDotDot() {
    assertThat(VolumeMount.parse("/srv/web:/srv/web:ro"))
        .isEqualTo(new VolumeMount("/srv/web", "/srv/web", true));
    assertThatThrownBy(() -> VolumeMount.parse("/srv/../etc:/x"))
        .hasMessageContaining("without '..'");
    assertThatThrownBy(() -> VolumeMount.parse("srv:/x")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> VolumeMount.parse("/a:/b:rx")).hasMessageContaining("host:container");
  }

  @Test
  void componentsCheckEnvAndRoutes() {
    ImageReference image = new ImageReference("localhost/x:v1");
    assertThatThrownBy(() -> new Component("c", image, null, List.of("PORT=1"), null, null))
        .hasMessageContaining("PORT is set by the agent");
    assertThatThrownBy(() -> new Component("c", image, null, List.of("novalue"), null, null))
        .hasMessageContaining("KEY=VALUE");
    assertThatThrownBy(
            () ->
                new Component(
                    "c",
                    image,
                    null,
                    null,
                    null,
                    List.of(
                        new Route("", 1, RouteMode.L4, ""), new Route("b", 2, RouteMode.L4, ""))))
        .hasMessageContaining("every route needs a name");
    assertThatThrownBy(() -> new Component("Bad Name", image, null, null, null, null))
        .hasMessageContaining("component name");
  }

  @Test
  void portRangesParse() {
    assertThat(PortRange.parse("10000-60000")).isEqualTo(PortRange.DEFAULT);
    assertThatThrownBy(() -> PortRange.parse("60000-10000")).hasMessageContaining("LOW <= HIGH");
    assertThatThrownBy(() -> PortRange.parse("abc")).hasMessageContaining("LOW-HIGH");
  }
}
