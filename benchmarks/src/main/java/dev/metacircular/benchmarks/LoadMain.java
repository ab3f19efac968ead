package dev.metacircular.benchmarks;

import static dev.metacircular.benchmarks.ClosedLoop.mib;
import static dev.metacircular.benchmarks.ClosedLoop.oneLine;
import static dev.metacircular.benchmarks.ClosedLoop.run;
import static dev.metacircular.benchmarks.ClosedLoop.seconds;
import static dev.metacircular.benchmarks.ClosedLoop.table;
import static dev.metacircular.benchmarks.ClosedLoop.total;

import dev.metacircular.benchmarks.ClosedLoop.Round;
import dev.metacircular.benchmarks.ClosedLoop.RssSampler;
import dev.metacircular.benchmarks.ClosedLoop.Target;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A TLS load client for the identity REST server, printing its figures beside a bare endpoint's
 * measured by the same client in the same run (DESIGN.md §7).
 *
 * <p>It starts {@link BenchServer} as a child process, then alternates rounds of {@code POST /bare}
 * and {@code POST /v1/token/validate} with request bodies of the same size, from the same client
 * code: {@link HttpClient} over TLS, HTTP/1.1 with keep-alive, {@code --threads} workers each
 * sending its next request as soon as the last one answered (closed loop). Every latency is kept
 * and sorted, so percentiles are exact. Server CPU time (from {@code /proc/<pid>/stat}) and
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
 *   --scenario login     a login storm instead (see {@link LoginStormLoad}): --threads, --duration,
 *                        --rounds (3), --argon2 t,m,p (3,65536,4), --server-jvm-args
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

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args =
          Args.parse(
              argv,
              Set.of(
                  "threads",
                  "duration",
                  "warmup",
                  "rounds",
                  "tokens",
                  "cache-size",
                  "server-jvm-args",
                  "server-log-level",
                  "scenario",
                  "argon2"),
              Set.of("help"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (args.flag("help")) {
      System.out.println(
          "usage: LoadMain [--threads 16] [--duration 10s] [--warmup 5s] [--rounds 2]"
              + " [--tokens N] [--cache-size N] [--server-jvm-args ARGS] [--server-log-level WARN]\n"
              + "       LoadMain --scenario login [--threads 16] [--duration 10s] [--rounds 3] [--argon2 3,65536,4]"
              + " [--server-jvm-args ARGS]");
      return;
    }
    String scenario = args.string("scenario", "validate");
    if (scenario.equals("login")) {
      LoginStormLoad.run(args);
      return;
    }
    if (!scenario.equals("validate")) {
      System.err.println("--scenario must be validate or login, got: " + scenario);
      System.exit(2);
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
    List<String> serverJvmArgs =
        jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split("\\s+"));
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    try (ServerProcess server =
        ServerProcess.start(
            serverJvmArgs,
            serverArgs,
            args.string("server-log-level", "WARN"),
            Duration.ofMinutes(5))) {
      long pid = server.pid();
      HttpClient client = TlsClient.trusting(Path.of(server.value("cert")));
      List<String> validTokens =
          server.valueOrNull("tokens_file") == null
              ? List.of(server.value("token"))
              : Files.readAllLines(Path.of(server.value("tokens_file")), StandardCharsets.US_ASCII);
      URI validateUri =
          URI.create("https://127.0.0.1:" + server.value("identity_port") + "/v1/token/validate");
      URI bareUri = URI.create("https://127.0.0.1:" + server.value("bare_port") + "/bare");
      List<HttpRequest> validateRequests = new ArrayList<>();
      List<HttpRequest> bareRequests = new ArrayList<>();
      for (String token : validTokens) {
        String body = validateBody(token);
        validateRequests.add(post(validateUri, body));
        bareRequests.add(post(bareUri, bareBody(body.getBytes(StandardCharsets.US_ASCII).length)));
      }
      Predicate<HttpResponse<String>> valid =
          r -> r.statusCode() == 200 && r.body().contains(VALID_MARKER);
      Target bare = new Target("bare", bareRequests, valid);
      Target validate = new Target("validate", validateRequests, valid);

      // Settle: let the child finish starting (JIT, lazy classes) before reading its idle RSS.
      Thread.sleep(2000);
      long idleRss = ProcStats.rssKiB(pid).orElse(-1);

      RssSampler rss = new RssSampler(pid);
      ScheduledExecutorService sampler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "rss-sampler");
                t.setDaemon(true);
                return t;
              });
      sampler.scheduleAtFixedRate(rss::sample, 0, RSS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);

      out.printf(
          Locale.ROOT,
          "load: %d threads, warm-up %s per endpoint, %d x %s rounds per endpoint, %d token(s)%n",
          threads,
          seconds(warmup),
          rounds,
          seconds(duration),
          validTokens.size());
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
      out.println(
          "load average (1/5/15 min): at start "
              + loadBefore
              + "; at end "
              + Environment.loadAverage()
              + " (the load client and the server share the same cores)");
      out.printf(
          Locale.ROOT,
          "client: %d threads, HTTP/1.1 keep-alive over TLS, closed loop; warm-up %s per endpoint;"
              + " %d round(s) of %s per endpoint, alternating; %d distinct token(s)%n",
          threads,
          seconds(warmup),
          rounds,
          seconds(duration),
          validTokens.size());
      out.printf(
          Locale.ROOT,
          "server: pid %d, JVM args [%s], log level %s%n",
          pid,
          String.join(" ", serverJvmArgs),
          args.string("server-log-level", "WARN"));
      out.println();
      out.print(table(all));
      out.println();
      for (int r = 0; r < rounds; r++) {
        out.printf(
            Locale.ROOT,
            "round %d throughput validate/bare: %.3f%n",
            r + 1,
            validateRounds.get(r).throughput() / bareRounds.get(r).throughput());
      }
      double ratio = validateTotal.throughput() / bareTotal.throughput();
      out.printf(
          Locale.ROOT,
          "throughput validate/bare, all rounds: %.3f   target >= %.2f   %s%n",
          ratio,
          TARGET,
          ratio >= TARGET ? "PASS" : "MISS");
      out.printf(
          Locale.ROOT,
          "server CPU per request: bare %.1f us, validate %.1f us (validate costs %.2fx bare)%n",
          bareTotal.serverCpuMicrosPerRequest(),
          validateTotal.serverCpuMicrosPerRequest(),
          validateTotal.serverCpuMicrosPerRequest() / bareTotal.serverCpuMicrosPerRequest());
      out.printf(
          Locale.ROOT,
          "latency p50 validate/bare: %.2fx   p99 validate/bare: %.2fx%n",
          (double) validateTotal.latency().p50() / bareTotal.latency().p50(),
          (double) validateTotal.latency().p99() / bareTotal.latency().p99());
      out.printf(
          Locale.ROOT,
          "server RSS: idle %s, peak under load %s (sampled every %d ms; kernel high-water mark %s)%n",
          mib(idleRss),
          mib(rss.peak()),
          RSS_INTERVAL.toMillis(),
          mib(ProcStats.peakRssKiB(pid).orElse(-1)));
      long errors = all.stream().limit(all.size() - 2L).mapToLong(Round::errors).sum();
      if (errors > 0) {
        out.println(
            "WARNING: "
                + errors
                + " request(s) failed or were not answered valid=true; see the errors column");
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
}
