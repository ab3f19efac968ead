package dev.metacircular.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a {@link ClosedLoop.RssSampler} on a daemon thread at a fixed interval, so the peak
 * resident memory under load is seen between the rounds' own samples; stopped by {@link #close()}.
 */
final class RssSampling implements AutoCloseable {
  private final ScheduledExecutorService sampler;

  private RssSampling(ScheduledExecutorService sampler) {
    this.sampler = sampler;
  }

  /** Starts sampling into {@code rss} now and every {@code interval}. */
  static RssSampling every(Duration interval, ClosedLoop.RssSampler rss) {
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rss-sampler");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(rss::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return new RssSampling(sampler);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
