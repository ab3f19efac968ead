package dev.metacircular.benchmarks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Closed-loop load rounds over TLS, as {@link LoadMain} runs them, for load mains that judge an
 * answer by something other than a token validation: {@code threads} workers each send the next
 * request as soon as the last one answered, every latency is kept, and the server's CPU time and
 * resident memory are read from {@code /proc}. The summary table has the same columns as {@code
 * LoadMain}'s.
 */
final class ClosedLoop {

  private ClosedLoop() {}

  /** One endpoint under load: its requests, prepared once and reused, and what a success is. */
  record Target(String name, List<HttpRequest> requests, Predicate<HttpResponse<String>> success) {}

  /**
   * One call of any client (gRPC's too): the {@code i}-th request of a worker; true when it
   * succeeded. An {@code IOException} or a runtime exception counts as an error.
   */
  @FunctionalInterface
  interface Call {
    boolean send(int i) throws IOException, InterruptedException;
  }

  /** What one round of one endpoint measured. */
  record Round(
      String endpoint,
      String round,
      long requests,
      long errors,
      double seconds,
      LatencySamples samples,
      LatencySamples.Summary latency,
      long serverCpuMillis,
      long clientCpuMillis,
      long peakRssKiB) {
    double throughput() {
      return seconds <= 0 ? 0 : requests / seconds;
    }

    double serverCpuMicrosPerRequest() {
      return requests == 0 || serverCpuMillis < 0
          ? Double.NaN
          : serverCpuMillis * 1000.0 / requests;
    }

    double clientCpuMicrosPerRequest() {
      return requests == 0 || clientCpuMillis < 0
          ? Double.NaN
          : clientCpuMillis * 1000.0 / requests;
    }
  }

  /** One round: {@code threads} workers send until the deadline. */
  static Round run(
      HttpClient client,
      Target target,
      int threads,
      Duration duration,
      long serverPid,
      RssSampler rss,
      String round)
      throws InterruptedException {
    List<HttpRequest> requests = target.requests();
    int n = requests.size();
    return run(
        target.name(),
        i ->
            target
                .success()
                .test(
                    client.send(
                        requests.get(Math.floorMod(i, n)), HttpResponse.BodyHandlers.ofString())),
        threads,
        duration,
        serverPid,
        rss,
        round);
  }

  /** One round of any client's calls: {@code threads} workers call until the deadline. */
  static Round run(
      String name,
      Call call,
      int threads,
      Duration duration,
      long serverPid,
      RssSampler rss,
      String round)
      throws InterruptedException {
    List<LatencySamples> samples = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    long[] deadline = new long[1];
    for (int t = 0; t < threads; t++) {
      LatencySamples mine = new LatencySamples(64 * 1024);
      samples.add(mine);
      int offset = t * 7919;
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                  int i = offset;
                  while (System.nanoTime() < deadline[0]) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                      ok = call.send(i++);
                    } catch (IOException | RuntimeException e) {
                      ok = false;
                    }
                    long elapsed = System.nanoTime() - start;
                    if (ok) {
                      mine.record(elapsed);
                    } else {
                      errors.incrementAndGet();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              },
              "load-" + name + "-" + t);
      worker.start();
    }
    long self = ProcessHandle.current().pid();
    OptionalLong serverCpuBefore = ProcStats.cpuMillis(serverPid);
    OptionalLong clientCpuBefore = ProcStats.cpuMillis(self);
    rss.startRound();
    long start = System.nanoTime();
    deadline[0] = start + duration.toNanos();
    go.countDown();
    done.await();
    long end = System.nanoTime();
    OptionalLong serverCpuAfter = ProcStats.cpuMillis(serverPid);
    OptionalLong clientCpuAfter = ProcStats.cpuMillis(self);
    LatencySamples merged = LatencySamples.merge(samples);
    return new Round(
        name,
        round,
        merged.count(),
        errors.get(),
        (end - start) / 1e9,
        merged,
        merged.summarize(),
        difference(serverCpuBefore, serverCpuAfter),
        difference(clientCpuBefore, clientCpuAfter),
        rss.roundPeak());
  }

  private static long difference(OptionalLong before, OptionalLong after) {
    return before.isPresent() && after.isPresent() ? after.getAsLong() - before.getAsLong() : -1;
  }

  /** All rounds of one endpoint as one: requests and time add up; percentiles over every sample. */
  static Round total(String endpoint, List<Round> rounds) {
    long requests = 0;
    long errors = 0;
    double seconds = 0;
    long serverCpu = 0;
    long clientCpu = 0;
    long peak = -1;
    for (Round r : rounds) {
      requests += r.requests();
      errors += r.errors();
      seconds += r.seconds();
      serverCpu = serverCpu < 0 || r.serverCpuMillis() < 0 ? -1 : serverCpu + r.serverCpuMillis();
      clientCpu = clientCpu < 0 || r.clientCpuMillis() < 0 ? -1 : clientCpu + r.clientCpuMillis();
      peak = Math.max(peak, r.peakRssKiB());
    }
    LatencySamples merged = LatencySamples.merge(rounds.stream().map(Round::samples).toList());
    return new Round(
        endpoint,
        "all",
        requests,
        errors,
        seconds,
        merged,
        merged.summarize(),
        serverCpu,
        clientCpu,
        peak);
  }

  static String oneLine(Round r) {
    return String.format(
        Locale.ROOT,
        "round %s %-8s %,10.0f req/s  p50 %s ms  p99 %s ms  errors %d",
        r.round(),
        r.endpoint(),
        r.throughput(),
        ms(r.latency().p50()),
        ms(r.latency().p99()),
        r.errors());
  }

  /** The table {@code LoadMain} prints, with the same columns. */
  static String table(List<Round> rounds) {
    String header =
        String.format(
            Locale.ROOT,
            "%-6s %-9s %9s %7s %10s %8s %8s %8s %8s %8s %12s %12s %9s",
            "round",
            "endpoint",
            "requests",
            "errors",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "srv cpu us/r",
            "cli cpu us/r",
            "peak RSS");
    StringBuilder sb =
        new StringBuilder(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (Round r : rounds) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-6s %-9s %9d %7d %10.0f %8s %8s %8s %8s %8s %12.1f %12.1f %9s%n",
              r.round(),
              r.endpoint(),
              r.requests(),
              r.errors(),
              r.throughput(),
              ms(r.latency().p50()),
              ms(r.latency().p90()),
              ms(r.latency().p99()),
              ms(r.latency().p999()),
              ms(r.latency().max()),
              r.serverCpuMicrosPerRequest(),
              r.clientCpuMicrosPerRequest(),
              mib(r.peakRssKiB())));
    }
    sb.append(
        "(\"all\" rows: requests over the summed round time; percentiles over every sample of the rounds)\n");
    return sb.toString();
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
  }

  /** The server's RSS, sampled from outside: overall peak and the peak of the current round. */
  static final class RssSampler {
    private final long pid;
    private long peak = -1;
    private long roundPeak = -1;

    RssSampler(long pid) {
      this.pid = pid;
    }

    synchronized void sample() {
      OptionalLong rss = ProcStats.rssKiB(pid);
      if (rss.isPresent()) {
        peak = Math.max(peak, rss.getAsLong());
        roundPeak = Math.max(roundPeak, rss.getAsLong());
      }
    }

    synchronized void startRound() {
      roundPeak = -1;
      sample();
    }

    synchronized long roundPeak() {
      sample();
      return roundPeak;
    }

    synchronized long peak() {
      return peak;
    }
  }
}
