package dev.metacircular.benchmarks;

import static dev.metacircular.benchmarks.ClosedLoop.mib;
import static dev.metacircular.benchmarks.ClosedLoop.oneLine;
import static dev.metacircular.benchmarks.ClosedLoop.seconds;

import dev.metacircular.benchmarks.ClosedLoop.Round;
import dev.metacircular.benchmarks.ClosedLoop.RssSampler;
import dev.metacircular.benchmarks.ClosedLoop.Target;
import dev.metacircular.crypto.Argon2Parameters;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code LoadMain --scenario login}: a login storm against the real identity REST server over TLS,
 * watching the server's memory (issue 9 item 11).
 *
 * <p>The server child JVM hashes passwords at {@code --argon2} (default t=3, 64 MiB, 4 lanes: the
 * defaults, and the cost matched against Keycloak) and has not hashed at that cost before the
 * storm. After it settles its RSS is read (idle); then {@code --threads} clients log the same
 * account in over and over for {@code --rounds} × {@code --duration} while its RSS is sampled every
 * 100 ms. The bound is "idle + concurrent hashes × Argon2 memory + 25%", read as {@code
 * (idle + cap × Argon2 memory) × 1.25}, where cap is the core's limit on concurrent hashes (one per
 * processor of the server); the verdict compares the peak with it, the kernel's high-water mark
 * included. A tighter figure is printed beside it: the 25% on the hashes' memory alone, {@code idle
 * + cap × Argon2 memory × 1.25}, which leaves the JVM only 32 MiB for its own warm-up at the
 * defaults (docs/benchmarks.md, "Login storm memory").
 */
final class LoginStormLoad {
  static final double SLACK = 1.25;
  private static final Duration RSS_INTERVAL = Duration.ofMillis(100);

  private LoginStormLoad() {}

  /** {@code t,m,p} (iterations, memory in KiB, lanes). */
  static Argon2Parameters parseArgon2(String text) {
    String[] parts = text.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "--argon2 wants t,m,p (iterations, memory KiB, lanes), got: " + text);
    }
    try {
      return new Argon2Parameters(
          Integer.parseInt(parts[0].trim()),
          Integer.parseInt(parts[1].trim()),
          Integer.parseInt(parts[2].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--argon2 wants t,m,p (iterations, memory KiB, lanes), got: " + text);
    }
  }

  static String loginBody(String username, char[] password) {
    // Hex passwords and a plain username: nothing to escape.
    return "{\"username\":\"" + username + "\",\"password\":\"" + new String(password) + "\"}";
  }

  /**
   * The bound on the peak: idle plus every permitted concurrent hash's memory, plus 25% of
   * that sum.
   */
  static long boundKiB(long idleKiB, int cap, Argon2Parameters p) {
    return Math.round((idleKiB + cap * (double) p.memoryKiB()) * SLACK);
  }

  /** The tighter figure: idle plus 125% of every permitted concurrent hash's memory. */
  static long tightBoundKiB(long idleKiB, int cap, Argon2Parameters p) {
    return idleKiB + Math.round(cap * (double) p.memoryKiB() * SLACK);
  }

  static void run(Args args) throws Exception {
    int threads = args.integer("threads", 16);
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    int rounds = args.integer("rounds", 3);
    String argon2Text = args.string("argon2", "3,65536,4");
    Argon2Parameters argon2 = parseArgon2(argon2Text);
    String jvmArgs = args.string("server-jvm-args", "").trim();
    List<String> serverJvmArgs =
        jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split("\\s+"));
    String logLevel = args.string("server-log-level", "WARN");
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    try (ServerProcess server =
        ServerProcess.start(
            serverJvmArgs,
            List.of("--login-argon2", argon2Text.replace(" ", "")),
            logLevel,
            Duration.ofMinutes(5))) {
      long pid = server.pid();
      int cap = Integer.parseInt(server.value("hash_cap"));
      HttpClient client = TlsClient.trusting(Path.of(server.value("cert")));
      String body =
          Files.readString(Path.of(server.value("login_file")), StandardCharsets.US_ASCII);
      HttpRequest login =
          HttpRequest.newBuilder(
                  URI.create(
                      "https://127.0.0.1:" + server.value("identity_port") + "/v1/auth/login"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(120))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
              .build();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      Target target =
          new Target(
              "login",
              List.of(login),
              r -> {
                boolean ok = r.statusCode() == 200 && r.body().contains("\"token\"");
                if (!ok) {
                  firstFailure.compareAndSet(null, "HTTP " + r.statusCode() + " " + r.body());
                }
                return ok;
              });

      // Settle as LoadMain does, then read the idle RSS: nothing has hashed at this cost yet.
      Thread.sleep(2000);
      long idle = ProcStats.rssKiB(pid).orElse(-1);
      RssSampler rss = new RssSampler(pid);
      List<Round> all = new ArrayList<>();
      out.printf(
          Locale.ROOT,
          "login storm: %d threads, %d x %s, Argon2id t=%d m=%d KiB p=%d, server cap %d hashes%n",
          threads,
          rounds,
          seconds(duration),
          argon2.iterations(),
          argon2.memoryKiB(),
          argon2.parallelism(),
          cap);
      try (RssSampling sampling = RssSampling.every(RSS_INTERVAL, rss)) {
        for (int r = 1; r <= rounds; r++) {
          Round round =
              ClosedLoop.run(client, target, threads, duration, pid, rss, Integer.toString(r));
          all.add(round);
          out.println(oneLine(round));
        }
      }
      long sampledPeak = rss.peak();
      long highWater = ProcStats.peakRssKiB(pid).orElse(-1);
      long peak = Math.max(sampledPeak, highWater);
      long bound = boundKiB(idle, cap, argon2);
      long tight = tightBoundKiB(idle, cap, argon2);
      Round total = ClosedLoop.total("login", all);

      out.println();
      out.println("== Metacircular login storm ==");
      out.println(Environment.describe() + "; started " + started);
      out.println(
          "load average (1/5/15 min): at start "
              + loadBefore
              + "; at end "
              + Environment.loadAverage()
              + " (the load client and the server share the same cores)");
      out.printf(
          Locale.ROOT,
          "server: pid %d, java %s, JVM args [%s], max heap %s MiB, %d concurrent hashes"
              + " (one per processor)%n",
          pid,
          server.value("java"),
          String.join(" ", serverJvmArgs),
          server.value("max_heap_mib"),
          cap);
      out.printf(
          Locale.ROOT,
          "client: %d threads, POST /v1/auth/login over TLS, closed loop; %d round(s) of %s%n",
          threads,
          rounds,
          seconds(duration));
      out.printf(
          Locale.ROOT,
          "logins: %d in %.1f s (%.1f/s), %d error(s); latency p50 %s ms, p99 %s ms%n",
          total.requests(),
          total.seconds(),
          total.throughput(),
          total.errors(),
          ClosedLoop.ms(total.latency().p50()),
          ClosedLoop.ms(total.latency().p99()));
      out.printf(
          Locale.ROOT,
          "server RSS: idle %s, peak %s (sampled every %d ms: %s; kernel high-water mark: %s)%n",
          mib(idle),
          mib(peak),
          RSS_INTERVAL.toMillis(),
          mib(sampledPeak),
          mib(highWater));
      out.printf(
          Locale.ROOT,
          "bound: (idle + %d x %s) x %.2f = %s   peak/bound %.2f   %s%n",
          cap,
          mib(argon2.memoryKiB()),
          SLACK,
          mib(bound),
          (double) peak / bound,
          idle > 0 && peak <= bound ? "PASS" : "MISS");
      out.printf(
          Locale.ROOT,
          "tighter: idle + %d x %s x %.2f = %s   peak/tighter %.2f   %s%n",
          cap,
          mib(argon2.memoryKiB()),
          SLACK,
          mib(tight),
          (double) peak / tight,
          idle > 0 && peak <= tight ? "within" : "over");
      if (total.errors() > 0) {
        out.println(
            "WARNING: "
                + total.errors()
                + " login(s) failed; the first answer: "
                + (firstFailure.get() == null
                    ? "none (an I/O error or a timeout)"
                    : firstFailure.get()));
      }
    }
  }
}
