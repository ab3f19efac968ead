package dev.metacircular.domain.memory;

import dev.metacircular.ports.scheduler.ContainerSpec;
import dev.metacircular.ports.scheduler.ContainerState;
import dev.metacircular.ports.scheduler.ImageReference;
import dev.metacircular.ports.scheduler.ObservedContainer;
import dev.metacircular.ports.scheduler.RuntimeEvent;
import dev.metacircular.ports.scheduler.RuntimeFailure;
import dev.metacircular.ports.scheduler.out.ContainerRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A container runtime in memory: containers are records with a state, events are delivered
 * synchronously. Tests use {@link #kill} and {@link #vanish} to play the runtime losing a container
 * behind the agent's back, and {@link #addUnmanaged} for a container someone else owns.
 */
public final class InMemoryContainerRuntime implements ContainerRuntime {

  private record Held(ContainerSpec spec, ContainerState state, boolean managed) {}

  private final Map<String, Held> containers = new TreeMap<>();
  private final Set<String> images = new HashSet<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private int listings;

  private record Subscription(String node, Consumer<RuntimeEvent> sink) {}

  public InMemoryContainerRuntime(String... localImages) {
    images.addAll(List.of(localImages));
  }

  @Override
  public synchronized boolean hasImage(ImageReference image) {
    return images.contains(image.value());
  }

  @Override
  public void pull(ImageReference image) {
    throw new RuntimeFailure("podman pull " + image + ": no registry reachable");
  }

  @Override
  public void create(ContainerSpec spec) {
    synchronized (this) {
      if (containers.containsKey(spec.name())) {
        throw new RuntimeFailure("podman create " + spec.name() + ": name already in use");
      }
      if (!images.contains(spec.image().value())) {
        throw new RuntimeFailure("podman create " + spec.name() + ": image not known");
      }
      containers.put(spec.name(), new Held(spec, ContainerState.STOPPED, true));
    }
    emit(spec, "create");
  }

  @Override
  public void start(String container) {
    ContainerSpec spec = change(container, ContainerState.RUNNING);
    emit(spec, "start");
  }

  @Override
  public void stop(String container, Duration grace) {
    ContainerSpec spec = change(container, ContainerState.STOPPED);
    emit(spec, "died");
  }

  @Override
  public void remove(String container) {
    Held held;
    synchronized (this) {
      held = containers.get(container);
      if (held == null) {
        return;
      }
      requireManaged(container, held);
      containers.remove(container);
    }
    emit(held.spec(), "remove");
  }

  @Override
  public synchronized Optional<ObservedContainer> inspect(String container) {
    Held held = containers.get(container);
    return held == null || !held.managed() ? Optional.empty() : Optional.of(observe(held));
  }

  @Override
  public synchronized List<ObservedContainer> list(String node) {
    listings++;
    List<ObservedContainer> result = new ArrayList<>();
    for (Held held : containers.values()) {
      if (held.managed() && held.spec().node().equals(node)) {
        result.add(observe(held));
      }
    }
    return result;
  }

  @Override
  public synchronized List<String> logs(String container, int tail) {
    Held held = containers.get(container);
    if (held == null) {
      throw new RuntimeFailure("no managed container " + container);
    }
    requireManaged(container, held);
    return List.of(String.join(" ", held.spec().cmd()));
  }

  @Override
  public AutoCloseable followLogs(String container, int tail, Consumer<String> lines) {
    logs(container, tail).forEach(lines);
    return () -> {};
  }

  @Override
  public AutoCloseable events(String node, Consumer<RuntimeEvent> sink) {
    Subscription s = new Subscription(node, sink);
    subscriptions.add(s);
    return () -> subscriptions.remove(s);
  }

  /** The container stops on its own (it crashed): state stopped, a "died" event. */
  public void kill(String container) {
    ContainerSpec spec = change(container, ContainerState.STOPPED);
    emit(spec, "died");
  }

  /** The runtime loses the container (removed behind the agent's back, or a reboot). */
  public void vanish(String container) {
    Held held;
    synchronized (this) {
      held = containers.remove(container);
    }
    if (held != null) {
      emit(held.spec(), "remove");
    }
  }

  /** How many times a node's containers were listed (each is a {@code podman ps} on Podman). */
  public synchronized int listings() {
    return listings;
  }

  /** Drops every container without events (Podman's database recreated on boot). */
  public synchronized void forgetEverything() {
    containers.clear();
  }

  /** A container without the mcp labels. */
  public synchronized void addUnmanaged(ContainerSpec spec) {
    containers.put(spec.name(), new Held(spec, ContainerState.STOPPED, false));
  }

  private ContainerSpec change(String container, ContainerState state) {
    synchronized (this) {
      Held held = containers.get(container);
      if (held == null) {
        throw new RuntimeFailure("no managed container " + container);
      }
      requireManaged(container, held);
      containers.put(container, new Held(held.spec(), state, true));
      return held.spec();
    }
  }

  private static void requireManaged(String container, Held held) {
    if (!held.managed()) {
      throw new RuntimeFailure("container " + container + " is not managed by mcp: left alone");
    }
  }

  private static ObservedContainer observe(Held held) {
    ContainerSpec s = held.spec();
    return new ObservedContainer(
        s.name(),
        s.service(),
        s.component(),
        s.node(),
        s.image().value(),
        held.state(),
        s.fingerprint());
  }

  private void emit(ContainerSpec spec, String action) {
    RuntimeEvent event = new RuntimeEvent(spec.name(), spec.service(), action, Instant.now());
    for (Subscription s : subscriptions) {
      if (s.node().equals(spec.node())) {
        s.sink().accept(event);
      }
    }
  }
}
