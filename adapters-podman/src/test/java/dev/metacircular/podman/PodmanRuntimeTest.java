package dev.metacircular.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.PublishedPort;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only real Podman can show: published ports serve, env and logs arrive, time limits hold. */
class PodmanRuntimeTest {

  private static final PodmanRuntime RUNTIME = TestPodman.runtime();
  private final String node = TestPodman.uniqueNode();
  private final List<String> created = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    created.forEach(RUNTIME::remove);
  }

  private ContainerSpec spec(
      String component, List<String> cmd, Map<String, String> env, int port) {
    String service = "svc" + node;
    created.add(service + "-" + component);
    return new ContainerSpec(
        service + "-" + component,
        service,
        component,
        node,
        TestPodman.BUSYBOX,
        cmd,
        env,
        List.of(),
        port == 0 ? List.of() : List.of(new PublishedPort("127.0.0.1", port, port)));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anHttpdOnPortIsServedOnTheNodesAddress() throws Exception {
    int port = freePort();
    ContainerSpec spec =
        spec(
            "web",
            List.of(
                "/bin/busybox",
                "sh",
                "-c",
                "mkdir -p /www && echo served-on-$PORT > /www/index.html"
                    + " && exec /bin/busybox httpd -f -p $PORT -h /www"),
            Map.of("PORT", Integer.toString(port)),
            port);
    RUNTIME.create(spec);
    RUNTIME.start(spec.name());

    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String body = "";
    for (int i = 0; i < 50 && !body.startsWith("served"); i++) {
      try {
        body =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(body.strip()).isEqualTo("served-on-" + port);
  }

  @Test
  void environmentValuesArriveIntactAndLogsCanBeReadAndFollowed() throws Exception {
    ContainerSpec spec =
        spec(
            "echo",
            List.of(
                "/bin/busybox", "sh", "-c", "echo \"[$GREETING]\"; echo to-stderr >&2; sleep 300"),
            Map.of("GREETING", "hello 'quoted' \"world\" $HOME"),
            0);
    RUNTIME.create(spec);
    RUNTIME.start(spec.name());

    List<String> followed = new CopyOnWriteArrayList<>();
    try (AutoCloseable follow = RUNTIME.followLogs(spec.name(), 10, followed::add)) {
      for (int i = 0; i < 50 && followed.size() < 2; i++) {
        Thread.sleep(100);
      }
    }
    assertThat(followed).contains("[hello 'quoted' \"world\" $HOME]");
    assertThat(RUNTIME.logs(spec.name(), 10))
        .contains("[hello 'quoted' \"world\" $HOME]", "to-stderr");
  }

  @Test
  void aContainerThatExitsIsSeenStoppedAndItsDeathIsAnEvent() throws Exception {
    List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
    ContainerSpec spec = spec("dies", List.of("/bin/busybox", "false"), Map.of(), 0);
    try (AutoCloseable subscription = RUNTIME.events(node, events::add)) {
      Thread.sleep(700);
      RUNTIME.create(spec);
      RUNTIME.start(spec.name());
      for (int i = 0; i < 100 && events.stream().noneMatch(RuntimeEvent::isLoss); i++) {
        Thread.sleep(100);
      }
    }
    assertThat(events).anyMatch(e -> e.container().equals(spec.name()) && e.isLoss());
    assertThat(RUNTIME.inspect(spec.name()).orElseThrow().state().wireName()).isEqualTo("stopped");
  }

  @Test
  void whileEventsAreFollowedAnImageIsCheckedOnceAndItsRemovalIsSeen(@TempDir Path dir)
      throws Exception {
    // A podman that writes down each command it runs, so the test sees which checks asked Podman.
    Path calls = dir.resolve("calls");
    Path counting = dir.resolve("podman");
    Files.writeString(counting, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec podman \"$@\"\n");
    Files.setPosixFilePermissions(counting, PosixFilePermissions.fromString("rwx------"));
    PodmanRuntime runtime =
        new PodmanRuntime(
            new PodmanSettings(
                counting.toString(),
                TestPodman.containersConf(),
                "",
                Duration.ofSeconds(30),
                Duration.ofSeconds(30)));
    ImageReference tagged = new ImageReference("localhost/mcp-busybox:" + node);
    TestPodman.run(List.of("podman", "tag", TestPodman.BUSYBOX.value(), tagged.value()));
    try (AutoCloseable subscription = runtime.events(node, e -> {})) {
      Thread.sleep(700); // both event streams listening
      assertThat(runtime.hasImage(tagged)).isTrue();
      // An event that only adds (another tag; `podman run` reports a "pull") forgets nothing.
      TestPodman.run(List.of("podman", "tag", TestPodman.BUSYBOX.value(), tagged.value() + "b"));
      Thread.sleep(700);
      assertThat(runtime.hasImage(tagged)).isTrue();
      assertThat(imageChecks(calls, tagged)).isEqualTo(1);

      TestPodman.run(List.of("podman", "rmi", tagged.value()));
      boolean gone = false;
      for (int i = 0; i < 50 && !gone; i++) {
        gone = !runtime.hasImage(tagged);
        Thread.sleep(gone ? 0 : 100);
      }
      assertThat(gone).as("the removal seen through the image events").isTrue();
    } finally {
      TestPodman.runQuietly(List.of("podman", "rmi", "--force", tagged.value()));
      TestPodman.runQuietly(List.of("podman", "rmi", "--force", tagged.value() + "b"));
    }
    // Nobody follows the events any more: every check asks Podman again.
    TestPodman.run(List.of("podman", "tag", TestPodman.BUSYBOX.value(), tagged.value()));
    try {
      int before = imageChecks(calls, tagged);
      assertThat(runtime.hasImage(tagged)).isTrue();
      assertThat(runtime.hasImage(tagged)).isTrue();
      assertThat(imageChecks(calls, tagged)).isEqualTo(before + 2);
    } finally {
      TestPodman.runQuietly(List.of("podman", "rmi", "--force", tagged.value()));
    }
  }

  private static int imageChecks(Path calls, ImageReference image) throws IOException {
    return (int)
        Files.readAllLines(calls).stream()
            .filter(line -> line.equals("image exists " + image.value()))
            .count();
  }

  @Test
  void aHungPodmanCostsTheCallTimeoutAndNoMore(@TempDir Path dir) throws Exception {
    Path hung = dir.resolve("podman");
    Files.writeString(hung, "#!/bin/sh\nexec sleep 60\n");
    Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwx------"));
    PodmanRuntime stuck =
        new PodmanRuntime(
            new PodmanSettings(
                hung.toString(), null, "", Duration.ofMillis(500), Duration.ofMillis(500)));

    long started = System.nanoTime();
    assertThatThrownBy(() -> stuck.list("any"))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessage("podman ps did not answer within 0s");
    assertThatThrownBy(() -> stuck.pull(new ImageReference("localhost/x:v1")))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessageContaining("podman pull did not answer");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aPullFromAnUnreachableRegistryFailsWithPodmansReason() {
    assertThatThrownBy(() -> RUNTIME.pull(new ImageReference("127.0.0.1:1/nothing:v1")))
        .isInstanceOf(RuntimeFailure.class)
        .hasMessageStartingWith("podman pull 127.0.0.1:1/nothing:v1: ");
    assertThat(RUNTIME.version()).matches("\\d+\\.\\d+.*");
  }

  @Test
  void onlyImageEventsThatCanTakeAnImageAwayForgetTheImagesFound() {
    assertThat(
            PodmanRuntime.addsOnly(
                "{\"Name\":\"localhost/mcp-busybox:bench-1\",\"Status\":\"pull\","
                    + "\"Type\":\"image\"}"))
        .isTrue();
    assertThat(PodmanRuntime.addsOnly("{\"Name\":\"x\",\"Status\":\"build\"}")).isTrue();
    assertThat(PodmanRuntime.addsOnly("{\"Name\":\"x\",\"Status\":\"untag\"}")).isFalse();
    assertThat(PodmanRuntime.addsOnly("{\"Name\":\"x\",\"Status\":\"remove\"}")).isFalse();
    assertThat(PodmanRuntime.addsOnly("{\"Name\":\"x\"}")).isFalse();
    assertThat(PodmanRuntime.addsOnly("not json")).isFalse();
  }

  @Test
  void theEventParserIgnoresUnmanagedAndMalformedLines() {
    assertThat(PodmanRuntime.event("not json")).isEmpty();
    assertThat(
            PodmanRuntime.event(
                "{\"Name\":\"x\",\"Status\":\"start\",\"Time\":\"2026-12-07T16:22:28Z\","
                    + "\"Attributes\":{\"image\":\"busybox\"}}"))
        .isEmpty();
    assertThat(
            PodmanRuntime.event(
                "{\"Name\":\"web-api\",\"Status\":\"died\",\"Time\":\"2026-12-07T16:22:28Z\","
                    + "\"Attributes\":{\"mcp.service\":\"web\",\"mcp.component\":\"api\","
                    + "\"mcp.node\":\"n1\"}}"))
        .get()
        .satisfies(
            e -> {
              assertThat(e.container()).isEqualTo("web-api");
              assertThat(e.service()).isEqualTo("web");
              assertThat(e.isLoss()).isTrue();
            });
  }
}
