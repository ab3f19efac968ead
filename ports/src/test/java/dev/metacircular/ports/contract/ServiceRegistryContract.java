package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.scheduler.AssignedPort;
import dev.metacircular.ports.scheduler.Component;
import dev.metacircular.ports.scheduler.DesiredState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.RegisteredService;
import dev.metacircular.ports.scheduler.Route;
import dev.metacircular.ports.scheduler.RouteMode;
import dev.metacircular.ports.scheduler.ServiceDefinition;
import dev.metacircular.ports.scheduler.ServiceEvent;
import dev.metacircular.ports.scheduler.Tier;
import dev.metacircular.ports.scheduler.VolumeMount;
import dev.metacircular.ports.scheduler.out.ServiceRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ServiceRegistry} must show: whole services round-trip exactly. */
public abstract class ServiceRegistryContract {

  protected abstract ServiceRegistry registry();

  protected static RegisteredService service(String name, String image, int port) {
    ServiceDefinition definition =
        new ServiceDefinition(
            name,
            "n1",
            Tier.CORE,
            "v1.2.0",
            List.of(
                new Component(
                    "api",
                    new ImageReference(image),
                    List.of("/bin/sh", "-c", "echo a:b\nline two, with 7:colons"),
                    List.of("MODE=prod", "EMPTY="),
                    List.of(VolumeMount.parse("/srv/" + name + ":/srv/" + name + ":ro")),
                    List.of(
                        new Route("rest", 8443, RouteMode.L7, name + ".example", "/healthz"),
                        new Route("grpc", 9443, RouteMode.L4, ""))),
                new Component("worker", new ImageReference(image), null, null, null, List.of())));
    return new RegisteredService(
        definition,
        "n1",
        DesiredState.RUNNING,
        List.of(
            new AssignedPort("api", "PORT_GRPC", port + 1),
            new AssignedPort("api", "PORT_REST", port)),
        "");
  }

  @Test
  void aSavedServiceComesBackExactly() {
    RegisteredService web = service("web", "localhost/web:v1", 10000);
    registry().save(web);
    assertThat(registry().find("web")).contains(web);
    assertThat(registry().find("nothing")).isEmpty();
  }

  @Test
  void saveReplacesTheWholeServiceAndAllListsByName() {
    registry().save(service("web", "localhost/web:v1", 10000));
    RegisteredService changed =
        service("web", "localhost/web:v2", 10010)
            .withDesired(DesiredState.STOPPED)
            .withFlapReason("more than 5 restarts in 10 minutes");
    registry().save(changed);
    registry().save(service("api", "localhost/api:v1", 10020));

    assertThat(registry().find("web")).contains(changed);
    assertThat(registry().all()).extracting(RegisteredService::name).containsExactly("api", "web");
  }

  @Test
  void deleteForgetsTheServiceAndItsEvents() {
    registry().save(service("web", "localhost/web:v1", 10000));
    registry().appendEvent("web", new ServiceEvent(Instant.ofEpochSecond(1), "deployed", "x"));
    registry().delete("web");
    registry().delete("web");
    assertThat(registry().find("web")).isEmpty();
    assertThat(registry().events("web", 10)).isEmpty();
  }

  @Test
  void eventsAreTheNewestOldestFirst() {
    for (int i = 0; i < 5; i++) {
      registry()
          .appendEvent("web", new ServiceEvent(Instant.ofEpochSecond(i), "repaired", "n" + i));
    }
    assertThat(registry().events("web", 3))
        .extracting(ServiceEvent::message)
        .containsExactly("n2", "n3", "n4");
    assertThat(registry().events("web", 3).get(0).at()).isEqualTo(Instant.ofEpochSecond(2));
  }
}
