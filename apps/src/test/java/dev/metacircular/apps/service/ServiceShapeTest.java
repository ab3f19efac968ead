package dev.metacircular.apps.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.metacircular.apps.config.ListenAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape every service is opened in (storage, core, steps before listening, doors in composed
 * order; closing in reverse), on a toy service so each step can be watched.
 */
class ServiceShapeTest {

  /** What happened, in order. */
  private final List<String> events = new ArrayList<>();

  /** A toy core. */
  record Core(String name) {}

  private AutoCloseable closing(String what) {
    events.add("open " + what);
    return () -> events.add("close " + what);
  }

  /** Storage, then the core over it, each handed to the lifecycle. */
  private Module core() {
    return new AbstractModule() {
      @Provides
      @Singleton
      Core core(Lifecycle lifecycle) {
        lifecycle.closeLater(closing("storage"));
        lifecycle.closeLater(closing("core"));
        return new Core("toy");
      }
    };
  }

  private Module door(String name, Listener.Kind kind, int port) {
    return new AbstractModule() {
      @ProvidesIntoSet
      Door door(Core core) {
        return () -> {
          if (port < 0) {
            throw new IllegalStateException(name + ": address already in use");
          }
          return new Listener(
              kind, new ListenAddress("127.0.0.1", port), List.of("GET /" + name), closing(name));
        };
      }
    };
  }

  private Module step(String name) {
    return new AbstractModule() {
      @ProvidesIntoSet
      BeforeListening step(Core core) {
        return () -> events.add("step " + name);
      }
    };
  }

  @Test
  void aServiceOpensCoreThenStepsThenDoorsInComposedOrderAndClosesInReverse() {
    ServiceServer<Core> server =
        new ServiceServer<>(
            Opened.serving(
                Core.class,
                List.of(
                    door("https", Listener.Kind.HTTPS, 8443),
                    core(),
                    step("unseal"),
                    door("grpc", Listener.Kind.GRPC, 9443))));

    assertThat(server.core().name()).isEqualTo("toy");
    assertThat(server.port()).isEqualTo(8443);
    assertThat(server.address()).isEqualTo("127.0.0.1:8443");
    assertThat(server.restRoutes()).containsExactly("GET /https");
    assertThat(server.grpcPort()).isEqualTo(9443);
    assertThat(server.grpcAddress()).isEqualTo("127.0.0.1:9443");
    server.close();
    server.close(); // twice is harmless

    assertThat(events)
        .containsExactly(
            "open storage",
            "open core",
            "step unseal",
            "open https",
            "open grpc",
            "close grpc",
            "close https",
            "close core",
            "close storage");
  }

  @Test
  void aDoorIsAddedByAddingItsModuleAndAServiceWithoutGrpcSaysSo() {
    try (ServiceServer<Core> server =
        new ServiceServer<>(
            Opened.serving(Core.class, List.of(core(), door("https", Listener.Kind.HTTPS, 1))))) {
      assertThat(server.grpcPort()).isEqualTo(-1);
      assertThat(server.grpcAddress()).isNull();
    }
  }

  @Test
  void aLocalServiceOpensNoDoorAndRunsNoStep() {
    try (LocalService<Core> local =
        new LocalService<>(
            Opened.local(
                Core.class,
                List.of(core(), step("unseal"), door("https", Listener.Kind.HTTPS, 1))))) {
      assertThat(local.core().name()).isEqualTo("toy");
    }
    assertThat(events).containsExactly("open storage", "open core", "close core", "close storage");
  }

  @Test
  void aDoorThatCannotListenClosesWhatWasOpenedAndItsOwnErrorIsThrown() {
    assertThatThrownBy(
            () ->
                Opened.serving(
                    Core.class,
                    List.of(
                        core(),
                        door("https", Listener.Kind.HTTPS, 8443),
                        door("grpc", Listener.Kind.GRPC, -1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("grpc: address already in use");

    assertThat(events)
        .containsExactly(
            "open storage",
            "open core",
            "open https",
            "close https",
            "close core",
            "close storage");
  }

  @Test
  void aCoreThatCannotOpenClosesItsStorageAndTheProvidersErrorIsThrownNotGuices() {
    Module failingCore =
        new AbstractModule() {
          @Provides
          @Singleton
          Core core(Lifecycle lifecycle) {
            lifecycle.closeLater(closing("storage"));
            throw new IllegalArgumentException("wrong passphrase");
          }
        };

    assertThatThrownBy(() -> Opened.serving(Core.class, List.of(failingCore)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrong passphrase");
    assertThat(events).containsExactly("open storage", "close storage");
  }

  @Test
  void aStepThatFailsStopsTheStartBeforeAnyDoorListens() {
    Module failingStep =
        new AbstractModule() {
          @ProvidesIntoSet
          BeforeListening step() {
            return () -> {
              throw new IllegalStateException("dev: seal.password is missing");
            };
          }
        };

    assertThatThrownBy(
            () ->
                Opened.serving(
                    Core.class,
                    List.of(core(), failingStep, door("https", Listener.Kind.HTTPS, 8443))))
        .hasMessage("dev: seal.password is missing");
    assertThat(events).containsExactly("open storage", "open core", "close core", "close storage");
  }

  @Test
  void theLifecycleClosesEverythingLatestFirstAndThrowsTheFirstFailure() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.closeLater(closing("a"));
    lifecycle.closeLater(
        () -> {
          throw new IllegalStateException("b failed");
        });
    lifecycle.closeLater(
        () -> {
          throw new java.io.IOException("c failed");
        });

    assertThatThrownBy(lifecycle::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("c failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(events).containsExactly("open a", "close a");
    assertThatThrownBy(() -> lifecycle.closeLater(closing("late")))
        .isInstanceOf(IllegalStateException.class);
  }
}
