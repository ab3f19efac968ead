package dev.metacircular.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.scheduler.ContainerLabels;
import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.PublishedPort;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import dev.metacircular.ports.scheduler.VolumeMount;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The container runtime port on the {@code podman} command line with {@code --format json} (the
 * README says why the CLI and not the REST socket). Every container this class creates carries the
 * {@code mcp.*} labels; every call that changes a container first checks that it carries them, so
 * an unmanaged container of the same name is refused rather than touched. Environment values go
 * through a 0600 env file, never the command line (which {@code ps} shows to every user).
 */
public final class PodmanRuntime implements ContainerRuntime {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ADDING_IMAGE_EVENTS =
      Set.of("pull", "build", "tag", "import", "load", "push", "save", "mount", "unmount");

  private final PodmanCli cli;
  private final PodmanSettings settings;

  /**
   * Images found on the node since the image events stream started ({@link #events}): a deploy asks
   * Podman whether its image exists only the first time. An image event that may have taken an
   * image away (a removal, an untag, a prune) forgets them all, and so does a create or run that
   * failed.
   */
  private final Set<String> knownImages = ConcurrentHashMap.newKeySet();

  /** Counts image events, so a check that an event overtook does not remember its answer. */
  private final AtomicLong imageGeneration = new AtomicLong();

  private volatile LineStream imageEvents;
  private int imageFollowers;

  public PodmanRuntime(PodmanSettings settings) {
    this.settings = settings;
    this.cli = new PodmanCli(settings);
  }

  /** Podman's version (and a check that it answers at all), for start-up and health. */
  public String version() {
    PodmanCli.Result result = cli.run(List.of("version", "--format", "{{.Client.Version}}"));
    requireOk(result, "podman version");
    return result.stdout().strip();
  }

  @Override
  public boolean hasImage(ImageReference image) {
    boolean watching = watchingImages();
    if (watching && knownImages.contains(image.value())) {
      return true;
    }
    long generation = imageGeneration.get();
    PodmanCli.Result result = cli.run(List.of("image", "exists", image.value()));
    if (result.exitCode() == 0) {
      if (watching) {
        knownImages.add(image.value());
        if (imageGeneration.get() != generation) {
          knownImages.remove(image.value());
        }
      }
      return true;
    }
    if (result.exitCode() == 1) {
      return false;
    }
    throw new RuntimeFailure("podman image exists " + image + ": " + result.reason());
  }

  @Override
  public void pull(ImageReference image) {
    requireOk(
        cli.run(List.of("pull", "--quiet", image.value()), settings.pullTimeout()),
        "podman pull " + image);
    // Not remembered here: the pull's own image event clears the memory; the next check asks.
  }

  @Override
  public void create(ContainerSpec spec) {
    make(spec, List.of("create"));
  }

  /** {@code podman run -d}: created and started by one command, as {@code create} makes it. */
  @Override
  public void run(ContainerSpec spec) {
    make(spec, List.of("run", "--detach"));
  }

  private void make(ContainerSpec spec, List<String> verb) {
    Path envFile = writeEnvFile(spec.env());
    try {
      List<String> args = new ArrayList<>(verb);
      args.addAll(List.of("--name", spec.name(), "--restart", "no"));
      label(args, ContainerLabels.SERVICE, spec.service());
      label(args, ContainerLabels.COMPONENT, spec.component());
      label(args, ContainerLabels.NODE, spec.node());
      label(args, ContainerLabels.SPEC, spec.fingerprint());
      args.add("--env-file");
      args.add(envFile.toString());
      for (VolumeMount volume : spec.volumes()) {
        args.add("--volume");
        args.add(volume.text());
      }
      for (PublishedPort port : spec.ports()) {
        args.add("--publish");
        args.add(port.hostAddress() + ":" + port.hostPort() + ":" + port.containerPort());
      }
      args.add(spec.image().value());
      args.addAll(spec.cmd());
      PodmanCli.Result result = cli.run(args);
      if (!result.ok()) {
        // Perhaps the image went in a way the events did not show: ask Podman again next time.
        forgetImages();
      }
      requireOk(result, "podman " + verb.get(0) + " " + spec.name());
    } finally {
      deleteQuietly(envFile);
    }
  }

  @Override
  public void start(String container) {
    requireManaged(container);
    requireOk(cli.run(List.of("start", container)), "podman start " + container);
  }

  @Override
  public void stop(String container, Duration grace) {
    requireManaged(container);
    Duration limit = settings.callTimeout().plus(grace);
    requireOk(
        cli.run(List.of("stop", "--time", Long.toString(grace.toSeconds()), container), limit),
        "podman stop " + container);
  }

  @Override
  public void remove(String container) {
    if (inspect(container).isEmpty()) {
      if (exists(container)) {
        throw new RuntimeFailure("container " + container + " is not managed by mcp: left alone");
      }
      return;
    }
    PodmanCli.Result result =
        cli.run(List.of("rm", "--force", "--time", "0", "--ignore", container));
    requireOk(result, "podman rm " + container);
  }

  @Override
  public Optional<ObservedContainer> inspect(String container) {
    PodmanCli.Result result = cli.run(List.of("container", "inspect", container));
    if (!result.ok()) {
      if (result.stderr().contains("no such container")) {
        return Optional.empty();
      }
      throw new RuntimeFailure("podman container inspect " + container + ": " + result.reason());
    }
    JsonNode all = parse(result.stdout(), "podman container inspect");
    if (!all.isArray() || all.isEmpty()) {
      return Optional.empty();
    }
    JsonNode c = all.get(0);
    JsonNode labels = c.path("Config").path("Labels");
    if (!managed(labels)) {
      return Optional.empty();
    }
    return Optional.of(
        observed(
            c.path("Name").asText(),
            labels,
            c.path("ImageName").asText(),
            c.path("State").path("Status").asText()));
  }

  @Override
  public List<ObservedContainer> list(String node) {
    PodmanCli.Result result =
        cli.run(
            List.of(
                "ps",
                "--all",
                "--filter",
                "label=" + ContainerLabels.NODE + "=" + node,
                "--format",
                "json"));
    requireOk(result, "podman ps");
    List<ObservedContainer> containers = new ArrayList<>();
    for (JsonNode c : parse(result.stdout(), "podman ps")) {
      JsonNode labels = c.path("Labels");
      if (!managed(labels) || !labels.path(ContainerLabels.NODE).asText().equals(node)) {
        continue;
      }
      containers.add(
          observed(
              c.path("Names").path(0).asText(),
              labels,
              c.path("Image").asText(),
              c.path("State").asText()));
    }
    return containers;
  }

  @Override
  public List<String> logs(String container, int tail) {
    requireManaged(container);
    PodmanCli.Result result =
        cli.run(List.of("logs", "--tail", Integer.toString(Math.max(0, tail)), container));
    requireOk(result, "podman logs " + container);
    // Podman writes the container's stdout to its stdout and the container's stderr to its stderr.
    List<String> lines = new ArrayList<>(result.stdout().lines().toList());
    lines.addAll(result.stderr().lines().toList());
    return lines;
  }

  @Override
  public AutoCloseable followLogs(String container, int tail, Consumer<String> lines) {
    requireManaged(container);
    try {
      return new LineStream(
          cli.builder(
              List.of(
                  "logs", "--follow", "--tail", Integer.toString(Math.max(0, tail)), container)),
          "podman-logs-" + container,
          lines);
    } catch (IOException e) {
      throw new RuntimeFailure("podman logs --follow " + container + ": " + e.getMessage());
    }
  }

  @Override
  public AutoCloseable events(String node, Consumer<RuntimeEvent> events) {
    List<String> args =
        List.of(
            "events",
            "--filter",
            "type=container",
            "--filter",
            "label=" + ContainerLabels.NODE + "=" + node,
            "--format",
            "json");
    LineStream containers;
    try {
      containers =
          new LineStream(
              cli.builder(args), "podman-events-" + node, line -> event(line).ifPresent(events));
    } catch (IOException e) {
      throw new RuntimeFailure("podman events: " + e.getMessage());
    }
    followImageEvents(node);
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        containers.close();
        stopFollowingImages();
      }
    };
  }

  /**
   * Whether {@link #knownImages} may be trusted: the image events stream runs. Without it (a
   * runtime nobody follows, or a stream that ended) every check asks Podman.
   */
  private boolean watchingImages() {
    LineStream stream = imageEvents;
    if (stream == null || !stream.isAlive()) {
      knownImages.clear();
      return false;
    }
    return true;
  }

  private synchronized void followImageEvents(String node) {
    imageFollowers++;
    if (imageEvents != null && imageEvents.isAlive()) {
      return;
    }
    knownImages.clear();
    try {
      imageEvents =
          new LineStream(
              cli.builder(List.of("events", "--filter", "type=image", "--format", "json")),
              "podman-image-events-" + node,
              line -> {
                if (!addsOnly(line)) {
                  forgetImages();
                }
              });
    } catch (IOException e) {
      // Without the stream every image check asks Podman, as before it started: slower, not wrong.
      imageEvents = null;
    }
  }

  /**
   * Whether an image event can only have added images or names ({@code podman run} itself reports a
   * {@code pull} of an image it found locally, and other users build and tag): those leave every
   * remembered image present. Anything else (remove, untag, prune, a line not understood) forgets.
   */
  static boolean addsOnly(String line) {
    try {
      String status = JSON.readTree(line).path("Status").asText("");
      return ADDING_IMAGE_EVENTS.contains(status);
    } catch (IOException notJson) {
      return false;
    }
  }

  private void forgetImages() {
    imageGeneration.incrementAndGet();
    knownImages.clear();
  }

  private synchronized void stopFollowingImages() {
    if (--imageFollowers > 0) {
      return;
    }
    if (imageEvents != null) {
      imageEvents.close();
      imageEvents = null;
    }
    knownImages.clear();
  }

  /** One line of {@code podman events --format json}, when it is a managed container's event. */
  static Optional<RuntimeEvent> event(String line) {
    JsonNode e;
    try {
      e = JSON.readTree(line);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    JsonNode attributes = e.path("Attributes");
    if (e == null || !e.isObject() || !managed(attributes)) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = Instant.parse(e.path("Time").asText());
    } catch (DateTimeParseException badTime) {
      at = Instant.now();
    }
    return Optional.of(
        new RuntimeEvent(
            e.path("Name").asText(),
            attributes.path(ContainerLabels.SERVICE).asText(),
            e.path("Status").asText(),
            at));
  }

  private boolean exists(String container) {
    return cli.run(List.of("container", "exists", container)).exitCode() == 0;
  }

  private void requireManaged(String container) {
    if (inspect(container).isEmpty()) {
      if (exists(container)) {
        throw new RuntimeFailure("container " + container + " is not managed by mcp: left alone");
      }
      throw new RuntimeFailure("no managed container " + container);
    }
  }

  private static boolean managed(JsonNode labels) {
    return labels != null
        && labels.isObject()
        && labels.hasNonNull(ContainerLabels.SERVICE)
        && labels.hasNonNull(ContainerLabels.COMPONENT)
        && labels.hasNonNull(ContainerLabels.NODE);
  }

  private static ObservedContainer observed(
      String name, JsonNode labels, String image, String status) {
    return new ObservedContainer(
        name,
        labels.path(ContainerLabels.SERVICE).asText(),
        labels.path(ContainerLabels.COMPONENT).asText(),
        labels.path(ContainerLabels.NODE).asText(),
        image,
        status.equalsIgnoreCase("running") ? ContainerState.RUNNING : ContainerState.STOPPED,
        labels.path(ContainerLabels.SPEC).asText(""));
  }

  private static JsonNode parse(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text.isBlank() ? "[]" : text);
      return node == null ? JSON.createArrayNode() : node;
    } catch (IOException e) {
      throw new RuntimeFailure(what + " answered something that is not JSON");
    }
  }

  private static void label(List<String> args, String key, String value) {
    args.add("--label");
    args.add(key + "=" + value);
  }

  private static void requireOk(PodmanCli.Result result, String what) {
    if (!result.ok()) {
      throw new RuntimeFailure(what + ": " + result.reason());
    }
  }

  private static Path writeEnvFile(Map<String, String> env) {
    try {
      Path file =
          Files.createTempFile(
              "mcp-env-",
              ".env",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      StringBuilder text = new StringBuilder();
      env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the container's env file", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover 0600 temp file; the next boot's tmp cleaning removes it.
    }
  }
}
