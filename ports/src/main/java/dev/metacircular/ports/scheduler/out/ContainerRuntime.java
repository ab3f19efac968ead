package dev.metacircular.ports.scheduler.out;

import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Outbound port: the container runtime of one node (Podman in {@code adapters-podman}). Only
 * containers labelled {@code mcp.service}, {@code mcp.component} and {@code mcp.node} are ever
 * listed, changed or removed: several agents may share one runtime, and unmanaged containers are
 * left alone. Every call is bounded in time; a runtime that does not answer raises {@link
 * dev.metacircular.ports.scheduler.RuntimeFailure} rather than hanging the caller.
 */
public interface ContainerRuntime {

  /** Whether the image is present locally. */
  boolean hasImage(ImageReference image);

  /** Pulls the image from its registry. */
  void pull(ImageReference image);

  /** Creates (does not start) a labelled container with restart policy "no". */
  void create(ContainerSpec spec);

  /** Starts a managed container. */
  void start(String container);

  /**
   * Creates and starts a labelled container, in one step where the runtime has one ({@code podman
   * run -d}: one command instead of three, which is most of a deploy's time); the same container as
   * {@link #create} then {@link #start}.
   */
  default void run(ContainerSpec spec) {
    create(spec);
    start(spec.name());
  }

  /** Stops a managed container, killing it after {@code grace}. */
  void stop(String container, Duration grace);

  /** Removes a managed container, running or not; no error when it is already gone. */
  void remove(String container);

  /** The managed container of that name, if any. */
  Optional<ObservedContainer> inspect(String container);

  /** Every managed container labelled with {@code node}. */
  List<ObservedContainer> list(String node);

  /** The last {@code tail} lines of the container's output (stdout and stderr). */
  List<String> logs(String container, int tail);

  /**
   * Delivers the last {@code tail} lines and then each new line to {@code lines} until the returned
   * handle is closed or the container stops.
   */
  AutoCloseable followLogs(String container, int tail, Consumer<String> lines);

  /**
   * Delivers the events of the managed containers labelled with {@code node} as they happen, until
   * the returned handle is closed.
   */
  AutoCloseable events(String node, Consumer<RuntimeEvent> events);
}
