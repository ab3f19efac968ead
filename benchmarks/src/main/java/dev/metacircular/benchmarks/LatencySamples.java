package dev.metacircular.benchmarks;

import java.util.Arrays;

/**
 * Every latency of a run, in nanoseconds. Percentiles come from sorting the samples, so they are
 * exact (no histogram buckets); a 10-second round at a few thousand requests a second is well under
 * a megabyte. One instance per worker thread; {@link #merge} joins them after the round.
 */
final class LatencySamples {
  private long[] samples;
  private int size;

  LatencySamples() {
    this(1024);
  }

  LatencySamples(int initialCapacity) {
    this.samples = new long[Math.max(16, initialCapacity)];
  }

  void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[size++] = nanos;
  }

  int count() {
    return size;
  }

  static LatencySamples merge(Iterable<LatencySamples> parts) {
    int total = 0;
    for (LatencySamples p : parts) {
      total += p.size;
    }
    LatencySamples all = new LatencySamples(total);
    for (LatencySamples p : parts) {
      System.arraycopy(p.samples, 0, all.samples, all.size, p.size);
      all.size += p.size;
    }
    return all;
  }

  /** The summary of these samples; sorts them in place. */
  Summary summarize() {
    Arrays.sort(samples, 0, size);
    return new Summary(
        size,
        percentile(0.50),
        percentile(0.90),
        percentile(0.99),
        percentile(0.999),
        size == 0 ? 0 : samples[size - 1]);
  }

  /** Nearest-rank percentile of the sorted samples; 0 when there are none. */
  private long percentile(double p) {
    if (size == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * size);
    return samples[Math.min(size, Math.max(1, rank)) - 1];
  }

  /** Latency percentiles in nanoseconds. */
  record Summary(int count, long p50, long p90, long p99, long p999, long max) {}
}
