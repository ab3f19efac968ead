package dev.metacircular.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TLS load client for the identity REST server, printing its figures beside a bare endpoint's
 * measured by the same client in the same run (DESIGN.md §7).
 *
 * <p>It starts {@link BenchServer} as a child process, then alternates rounds of {@code POST
 * /bare} and {@code POST /v1/token/validate} with request bodies of the same size, from the same
 * client code: {@link HttpClient} over TLS, HTTP/1.1 with keep-alive, {@code --threads} workers
 * each sending its next request as soon as the last one answered (closed loop). Every latency is
 * kept and sorted, so percentiles are exact. Server CPU time (from {@code /proc/<pid>/stat}) and
 * resident memory (from {@code /proc/<pid>/status}, sampled every 250 ms) are read from outside.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.LoadMain [options]
 *   --threads N          concurrent workers (16)
 *   --duration T         per round (10s)          --warmup T   per endpoint, before round 1 (5s)
 *   --rounds N           rounds per endpoint, alternating bare / validate (2)
 *   --tokens N           validate N distinct service tokens in turn instead of one login token
 *   --cache-size N       the server's verification cache size (default: the core's default)
 *   --server-jvm-args "ARGS"   JVM arguments for the server process (none)
 *   --server-log-level LEVEL   the server's log level (WARN: no per-request access log)
 * </pre>
 */
public final class LoadMain {
  static final String VALID_MARKER = "\"valid\":true";
  static final double TARGET = 0.5;
  private static final Duration RSS_INTERVAL = Duration.ofMillis(250);

  private LoadMain() {}

  static String validateBody(String token) {
    return "{\"token\":\"" + token + "\"}";
  }

  /** A body of exactly {@code length} bytes, shaped like a validation request. */
  static String bareBody(int length) {
    String prefix = "{\"token\":\"";
    String suffix = "\"}";
    return prefix + "x".repeat(Math.max(0, length - prefix.length() - suffix.length())) + suffix;
  }

  /** One endpoint under load: its requests, prepared once and reused. */
  record Target(String name, List<HttpRequest> requests) {}

  /** What one round of one endpoint measured. */
  record Round(String endpoint, String round, long requests, long errors, double seconds,
      LatencySamples samples, LatencySamples.Summary latency, long serverCpuMillis, long clientCpuMillis,
      long peakRssKiB) {
    double throughput() {
      return requests / seconds;
    }

    double serverCpuMicrosPerRequest() {
      return requests == 0 || serverCpuMillis < 0 ? Double.NaN : serverCpuMillis * 1000.0 / requests;
    }

    double clientCpuMicrosPerRequest() {
      return requests == 0 || clientCpuMillis < 0 ? Double.NaN : clientCpuMillis * 1000.0 / requests;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv,
          Set.of("threads", "duration", "warmup", "rounds", "tokens", "cache-size", "server-jvm-args",
              "server-log-level"),
          Set.of("help"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (args.flag("help")) {
      System.out.println("usage: LoadMain [--threads 16] [--duration 10s] [--warmup 5s] [--rounds 2]"
          + " [--tokens N] [--cache-size N] [--server-jvm-args ARGS] [--server-log-level WARN]");
      return;
    }
    int threads = args.integer("threads", 16);
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
    int rounds = args.integer("rounds", 2);
    int tokens = args.integer("tokens", 0);
    List<String> serverArgs = new ArrayList<>();
    if (tokens > 0) {
      serverArgs.addAll(List.of("--tokens", Integer.toString(tokens)));
    }
    if (args.has("cache-size")) {
      serverArgs.addAll(List.of("--cache-size", args.string("cache-size", "")));
    }
    String jvmArgs = args.string("server-jvm-args", "").trim();
    List<String> serverJvmArgs = jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split("\\s+"));
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    try (ServerProcess server = ServerProcess.start(serverJvmArgs, serverArgs,
        args.string("server-log-level", "WARN"), Duration.ofMinutes(5))) {
      long pid = server.pid();
      HttpClient client = TlsClient.trusting(Path.of(server.value("cert")));
      List<String> validTokens = server.valueOrNull("tokens_file") == null
          ? List.of(server.value("token"))
          : Files.readAllLines(Path.of(server.value("tokens_file")), StandardCharsets.US_ASCII);
      URI validateUri = URI.create("https://127.0.0.1:" + server.value("identity_port") + "/v1/token/validate");
      URI bareUri = URI.create("https://127.0.0.1:" + server.value("bare_port") + "/bare");
      List<HttpRequest> validateRequests = new ArrayList<>();
      List<HttpRequest> bareRequests = new ArrayList<>();
      for (String token : validTokens) {
        String body = validateBody(token);
        validateRequests.add(post(validateUri, body));
        bareRequests.add(post(bareUri, bareBody(body.getBytes(StandardCharsets.US_ASCII).length)));
      }
      Target bare = new Target("bare", bareRequests);
      Target validate = new Target("validate", validateRequests);

      // Settle: let the child finish starting (JIT, lazy classes) before reading its idle RSS.
      Thread.sleep(2000);
      long idleRss = ProcStats.rssKiB(pid).orElse(-1);

      RssSampler rss = new RssSampler(pid);
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
      });
      sampler.scheduleAtFixedRate(rss::sample, 0, RSS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);

      out.printf(Locale.ROOT, "load: %d threads, warm-up %s per endpoint, %d x %s rounds per endpoint, %d token(s)%n",
          threads, seconds(warmup), rounds, seconds(duration), validTokens.size());
      run(client, bare, threads, warmup, pid, rss, "warm-up");
      run(client, validate, threads, warmup, pid, rss, "warm-up");
      List<Round> bareRounds = new ArrayList<>();
      List<Round> validateRounds = new ArrayList<>();
      List<Round> all = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        Round b = run(client, bare, threads, duration, pid, rss, Integer.toString(r));
        Round v = run(client, validate, threads, duration, pid, rss, Integer.toString(r));
        bareRounds.add(b);
        validateRounds.add(v);
        all.add(b);
        all.add(v);
        out.println(oneLine(b));
        out.println(oneLine(v));
      }
      sampler.shutdownNow();
      Round bareTotal = total("bare", bareRounds);
      Round validateTotal = total("validate", validateRounds);
      all.add(bareTotal);
      all.add(validateTotal);

      out.println();
      out.println("== Metacircular load summary ==");
      out.println(Environment.describe() + "; started " + started);
      out.println("load average (1/5/15 min): at start " + loadBefore + "; at end " + Environment.loadAverage()
          + " (the load client and the server share the same cores)");
      out.printf(Locale.ROOT, "client: %d threads, HTTP/1.1 keep-alive over TLS, closed loop; warm-up %s per endpoint;"
              + " %d round(s) of %s per endpoint, alternating; %d distinct token(s)%n",
          threads, seconds(warmup), rounds, seconds(duration), validTokens.size());
      out.printf(Locale.ROOT, "server: pid %d, JVM args [%s], log level %s%n", pid, String.join(" ", serverJvmArgs),
          args.string("server-log-level", "WARN"));
      out.println();
      out.print(table(all));
      out.println();
      for (int r = 0; r < rounds; r++) {
        out.printf(Locale.ROOT, "round %d throughput validate/bare: %.3f%n", r + 1,
            validateRounds.get(r).throughput() / bareRounds.get(r).throughput());
      }
      double ratio = validateTotal.throughput() / bareTotal.throughput();
      out.printf(Locale.ROOT, "throughput validate/bare, all rounds: %.3f   target >= %.2f   %s%n", ratio, TARGET,
          ratio >= TARGET ? "PASS" : "MISS");
      out.printf(Locale.ROOT, "server CPU per request: bare %.1f us, validate %.1f us (validate costs %.2fx bare)%n",
          bareTotal.serverCpuMicrosPerRequest(), validateTotal.serverCpuMicrosPerRequest(),
          validateTotal.serverCpuMicrosPerRequest() / bareTotal.serverCpuMicrosPerRequest());
      out.printf(Locale.ROOT, "latency p50 validate/bare: %.2fx   p99 validate/bare: %.2fx%n",
          (double) validateTotal.latency().p50() / bareTotal.latency().p50(),
          (double) validateTotal.latency().p99() / bareTotal.latency().p99());
      out.printf(Locale.ROOT, "server RSS: idle %s, peak under load %s (sampled every %d ms; kernel high-water mark %s)%n",
          mib(idleRss), mib(rss.peak()), RSS_INTERVAL.toMillis(), mib(ProcStats.peakRssKiB(pid).orElse(-1)));
      long errors = all.stream().limit(all.size() - 2L).mapToLong(Round::errors).sum();
      if (errors > 0) {
        out.println("WARNING: " + errors + " request(s) failed or were not answered valid=true; see the errors column");
      }
    }
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
        .build();
  }

  /** One closed-loop round: {@code threads} workers send until the deadline. */
  static Round run(HttpClient client, Target target, int threads, Duration duration, long serverPid,
      RssSampler rss, String round) throws InterruptedException {
    List<LatencySamples> samples = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    long[] deadline = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      LatencySamples mine = new LatencySamples(64 * 1024);
      samples.add(mine);
      int offset = t * 7919;
      Thread worker = new Thread(() -> {
        try {
          go.await();
          List<HttpRequest> requests = target.requests();
          int n = requests.size();
          int i = offset;
          while (System.nanoTime() < deadline[0]) {
            HttpRequest request = requests.get(Math.floorMod(i++, n));
            long start = System.nanoTime();
            boolean ok;
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              ok = response.statusCode() == 200 && response.body().contains(VALID_MARKER);
            } catch (IOException e) {
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
      }, "load-" + target.name() + "-" + t);
      workers.add(worker);
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
    return new Round(target.name(), round, merged.count(), errors.get(), (end - start) / 1e9, merged,
        merged.summarize(),
        difference(serverCpuBefore, serverCpuAfter), difference(clientCpuBefore, clientCpuAfter), rss.roundPeak());
  }

  private static long difference(OptionalLong before, OptionalLong after) {
    return before.isPresent() && after.isPresent() ? after.getAsLong() - before.getAsLong() : -1;
  }

  /** All rounds of one endpoint as one: requests and time add up; percentiles over every sample. */
  private static Round total(String endpoint, List<Round> rounds) {
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
    return new Round(endpoint, "all", requests, errors, seconds, merged, merged.summarize(), serverCpu, clientCpu,
        peak);
  }

  private static String oneLine(Round r) {
    return String.format(Locale.ROOT, "round %s %-8s %,10.0f req/s  p50 %s ms  p99 %s ms  errors %d",
        r.round(), r.endpoint(), r.throughput(), ms(r.latency().p50()), ms(r.latency().p99()), r.errors());
  }

  static String table(List<Round> rounds) {
    String header = String.format(Locale.ROOT, "%-6s %-9s %9s %7s %10s %8s %8s %8s %8s %8s %12s %12s %9s",
        "round", "endpoint", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
        "srv cpu us/r", "cli cpu us/r", "peak RSS");
    StringBuilder sb = new StringBuilder(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (Round r : rounds) {
      sb.append(String.format(Locale.ROOT, "%-6s %-9s %9d %7d %10.0f %8s %8s %8s %8s %8s %12.1f %12.1f %9s%n",
          r.round(), r.endpoint(), r.requests(), r.errors(), r.throughput(), ms(r.latency().p50()),
          ms(r.latency().p90()), ms(r.latency().p99()), ms(r.latency().p999()), ms(r.latency().max()),
          r.serverCpuMicrosPerRequest(), r.clientCpuMicrosPerRequest(), mib(r.peakRssKiB())));
    }
    sb.append("(\"all\" rows: requests over the summed round time; percentiles over every sample of the rounds)\n");
    return sb.toString();
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  private static String mib(long kib) {
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
