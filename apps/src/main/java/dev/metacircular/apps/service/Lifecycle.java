package dev.metacircular.apps.service;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a service has opened, closed in the reverse order of opening: its doors first (no new
 * requests), then the core (sealing, wiping keys), then its storage. Every provider that opens
 * something hands it here as it opens it, so a start that fails half-way closes exactly what was
 * opened, and nothing is left to a hand-written chain of {@code try}/{@code finally}.
 */
public final class Lifecycle implements AutoCloseable {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private boolean closed;

  /** Takes {@code resource} to close later, before anything opened earlier; returns it. */
  public synchronized <T extends AutoCloseable> T closeLater(T resource) {
    if (closed) {
      throw new IllegalStateException("the service is closed");
    }
    opened.push(resource);
    return resource;
  }

  /**
   * Closes everything, the latest first. Every resource is closed even when one fails; the first
   * failure is thrown afterwards with the others suppressed on it.
   */
  @Override
  public synchronized void close() {
    closed = true;
    RuntimeException failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        RuntimeException wrapped =
            e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
