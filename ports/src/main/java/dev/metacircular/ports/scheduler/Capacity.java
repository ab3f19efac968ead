package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;

/**
 * What a node offers or uses: a number of containers and megabytes of memory. Placement compares
 * the free share of both (see the scheduler's placement).
 */
public record Capacity(int containers, long memoryMb) {

  public static final Capacity NONE = new Capacity(0, 0);

  public Capacity {
    if (containers < 0 || memoryMb < 0) {
      throw new DomainException.InvalidInput("capacity must not be negative");
    }
  }

  /** What is left of this capacity once {@code used} is taken, never below zero. */
  public Capacity minus(Capacity used) {
    return new Capacity(
        Math.max(0, containers - used.containers), Math.max(0, memoryMb - used.memoryMb));
  }

  /** This capacity with {@code more} added. */
  public Capacity plus(Capacity more) {
    return new Capacity(containers + more.containers, memoryMb + more.memoryMb);
  }
}
