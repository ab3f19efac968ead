package dev.metacircular.benchmarks;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A TLS load client for the crypto REST server's transit encrypt, printing its figures beside a
 * bare endpoint's measured by the same client in the same run (DESIGN.md §7).
 *
 * <p>It starts {@link CryptoBenchServer} as a child process, then alternates rounds of {@code POST
 * /bare} and {@code POST /v1/engine/request {"mount":"transit","operation":"encrypt","data":
 * {"key":"k","plaintext":<1 KiB, base64>}}} with the very same headers and body, from the same
 * client code as {@link LoadMain} ({@link ClosedLoop}: {@link HttpClient} over TLS, HTTP/1.1 with
 * keep-alive, {@code --threads} workers in a closed loop). An encryption counts when it answers 200
 * with a {@code metacrypt:v1:} ciphertext. Every latency is kept, so percentiles are exact; server
 * CPU time and resident memory are read from {@code /proc}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.CryptoLoadMain [options]
 *   --threads N          concurrent workers (16)
 *   --duration T         per round (10s)          --warmup T   per endpoint, before round 1 (5s)
 *   --rounds N           rounds per endpoint, alternating bare / encrypt (2)
 *   --caller service|admin   whose token: the identity's system account, allowed by an ACL rule
 *                        (service, the usual transit client), or an admin (the ACL's bypass)
 *   --identity memory|sqlite the in-process identity core's storage (memory). Every request's
 *                        token is validated by that core with no cache in between; on SQLite that
 *                        is two single-row queries per request (dev mode's wiring), in memory it is
 *                        close to what a deployed server pays (its identity client caches answers)
 *   --cheap-seal         initialize the barrier with a cheap seal KDF, not the default
 *   --server-jvm-args "ARGS"   JVM arguments for the server process (none)
 *   --server-log-level LEVEL   the server's log level (WARN: no per-request access log)
 *   --operation encrypt|ocsp   what is measured (encrypt). ocsp: {@code POST
 *                        /v1/pki/pki/ocsp} of an OCSP request (no nonce, {@code
 *                        application/ocsp-request}) for a certificate the server's CA issued,
 *                        beside {@code /bare} answering the recorded OCSP response to the same
 *                        bytes (issue 11's "OCSP over HTTPS beside the bare TLS endpoint")
 * </pre>
 */
public final class CryptoLoadMain {
  static final String ENCRYPT_PATH = "/v1/engine/request";
  static final String OCSP_PATH = "/v1/pki/" + CryptoBenchServer.PKI_MOUNT + "/ocsp";
  static final String OCSP_RESPONSE = "application/ocsp-response";
  static final String CIPHERTEXT_MARKER = "\"ciphertext\":\"metacrypt:v1:";
  static final double TARGET = 0.5;
  private static final Duration RSS_INTERVAL = Duration.ofMillis(250);

  private CryptoLoadMain() {}

  /** The body of a transit encrypt request on the mount the bench server sets up. */
  static String encryptBody(String plaintextBase64) {
    return "{\"mount\":\""
        + CryptoFixture.MOUNT
        + "\",\"operation\":\""
        + CryptoFixture.ENCRYPT
        + "\",\"data\":{\"key\":\""
        + CryptoFixture.KEY
        + "\",\"plaintext\":\""
        + plaintextBase64
        + "\"}}";
  }

  /** An encryption, or the bare endpoint's copy of one: 200 with a ciphertext. */
  static boolean encrypted(int status, String body) {
    return status == 200 && body != null && body.contains(CIPHERTEXT_MARKER);
  }

  public static void main(String[] argv) throws Exception {
    Optional<Args> parsed =
        LoadCommandLine.parse(
            argv,
            Set.of(
                "threads",
                "duration",
                "warmup",
                "rounds",
                "caller",
                "identity",
                "server-jvm-args",
                "server-log-level",
                "operation"),
            Set.of("cheap-seal", "help"),
            "usage: CryptoLoadMain [--threads 16] [--duration 10s] [--warmup 5s] [--rounds 2]"
                + " [--caller service|admin] [--identity memory|sqlite] [--cheap-seal] [--server-jvm-args ARGS]"
                + " [--server-log-level WARN] [--operation encrypt|ocsp]");
    if (parsed.isEmpty()) {
      return;
    }
    Args args = parsed.get();
    int threads = args.integer("threads", 16);
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
    int rounds = args.integer("rounds", 2);
    String caller = args.string("caller", "service");
    if (!caller.equals("service") && !caller.equals("admin")) {
      System.err.println("--caller is service or admin, not " + caller);
      System.exit(2);
      return;
    }
    String operation = args.string("operation", "encrypt");
    if (!operation.equals("encrypt") && !operation.equals("ocsp")) {
      System.err.println("--operation is encrypt or ocsp, not " + operation);
      System.exit(2);
      return;
    }
    List<String> serverArgs =
        new ArrayList<>(
            List.of("--identity", args.string("identity", "memory"), "--operation", operation));
    if (args.flag("cheap-seal")) {
      serverArgs.add("--cheap-seal");
    }
    String jvmArgs = args.string("server-jvm-args", "").trim();
    List<String> serverJvmArgs =
        jvmArgs.isEmpty() ? List.of() : Arrays.asList(jvmArgs.split("\\s+"));
    String logLevel = args.string("server-log-level", "WARN");
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    try (ServerProcess server =
        ServerProcess.start(
            CryptoBenchServer.class, serverJvmArgs, serverArgs, logLevel, Duration.ofMinutes(5))) {
      long pid = server.pid();
      HttpClient client = TlsClient.trusting(Path.of(server.value("cert")));
      String token = server.value(caller.equals("admin") ? "admin_token" : "service_token");
      byte[] plaintext = new byte[TransitBenchmark.SIZE];
      new SecureRandom().nextBytes(plaintext);
      String body = encryptBody(Base64.getEncoder().encodeToString(plaintext));
      URI encryptUri =
          URI.create("https://127.0.0.1:" + server.value("crypto_port") + ENCRYPT_PATH);
      URI bareUri = URI.create("https://127.0.0.1:" + server.value("bare_port") + "/bare");
      ClosedLoop.Target bare =
          new ClosedLoop.Target(
              "bare", List.of(post(bareUri, token, body)), CryptoLoadMain::answeredCiphertext);
      ClosedLoop.Target encrypt =
          new ClosedLoop.Target(
              "encrypt",
              List.of(post(encryptUri, token, body)),
              CryptoLoadMain::answeredCiphertext);
      if (operation.equals("ocsp")) {
        byte[] ocsp = Base64.getDecoder().decode(server.value("ocsp_request"));
        URI ocspUri = URI.create("https://127.0.0.1:" + server.value("crypto_port") + OCSP_PATH);
        bare = new ClosedLoop.Target("bare", List.of(postOcsp(bareUri, ocsp)), r -> ok(r, ""));
        encrypt =
            new ClosedLoop.Target(
                "ocsp", List.of(postOcsp(ocspUri, ocsp)), r -> ok(r, OCSP_RESPONSE));
      }

      // Settle: let the child finish starting (JIT, lazy classes) before reading its idle RSS.
      Thread.sleep(2000);
      long idleRss = ProcStats.rssKiB(pid).orElse(-1);

      ClosedLoop.RssSampler rss = new ClosedLoop.RssSampler(pid);
      RssSampling sampler = RssSampling.every(RSS_INTERVAL, rss);

      out.printf(
          Locale.ROOT,
          "load: %d threads, warm-up %s per endpoint, %d x %s rounds per endpoint, caller %s,"
              + " %d-byte request body%n",
          threads,
          ClosedLoop.seconds(warmup),
          rounds,
          ClosedLoop.seconds(duration),
          caller,
          operation.equals("ocsp")
              ? Base64.getDecoder().decode(server.value("ocsp_request")).length
              : body.getBytes(StandardCharsets.US_ASCII).length);
      ClosedLoop.run(client, bare, threads, warmup, pid, rss, "warm-up");
      ClosedLoop.run(client, encrypt, threads, warmup, pid, rss, "warm-up");
      List<ClosedLoop.Round> bareRounds = new ArrayList<>();
      List<ClosedLoop.Round> encryptRounds = new ArrayList<>();
      List<ClosedLoop.Round> all = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        ClosedLoop.Round b =
            ClosedLoop.run(client, bare, threads, duration, pid, rss, Integer.toString(r));
        ClosedLoop.Round e =
            ClosedLoop.run(client, encrypt, threads, duration, pid, rss, Integer.toString(r));
        bareRounds.add(b);
        encryptRounds.add(e);
        all.add(b);
        all.add(e);
        out.println(ClosedLoop.oneLine(b));
        out.println(ClosedLoop.oneLine(e));
      }
      sampler.close();
      ClosedLoop.Round bareTotal = ClosedLoop.total("bare", bareRounds);
      ClosedLoop.Round encryptTotal = ClosedLoop.total(encrypt.name(), encryptRounds);
      all.add(bareTotal);
      all.add(encryptTotal);

      out.println();
      out.println("== Metacircular crypto load summary ==");
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
              + " %d round(s) of %s per endpoint, alternating; caller %s%n",
          threads,
          ClosedLoop.seconds(warmup),
          rounds,
          ClosedLoop.seconds(duration),
          caller);
      out.printf(
          Locale.ROOT,
          "server: pid %d, JVM args [%s], log level %s; crypto on SQLite, identity in process on %s;"
              + " seal KDF %s, unsealed in %s ms%n",
          pid,
          String.join(" ", serverJvmArgs),
          logLevel,
          server.value("identity"),
          server.value("seal_kdf"),
          server.value("unseal_ms"));
      out.println(
          operation.equals("ocsp")
              ? "request: POST "
                  + OCSP_PATH
                  + " (application/ocsp-request, one CertID, no nonce: answered from the"
                  + " responder's cache after the first); bare: POST /bare, same headers and body,"
                  + " answers the recorded OCSP response"
              : "request: POST "
                  + ENCRYPT_PATH
                  + " transit encrypt of "
                  + TransitBenchmark.SIZE
                  + " bytes; bare: POST /bare, same headers and body, answers a recorded"
                  + " encryption");
      out.println();
      out.print(ClosedLoop.table(all));
      out.println();
      out.print(verdicts(bareRounds, encryptRounds, bareTotal, encryptTotal));
      out.printf(
          Locale.ROOT,
          "server RSS: idle %s, peak under load %s (sampled every %d ms; kernel high-water mark %s)%n",
          ClosedLoop.mib(idleRss),
          ClosedLoop.mib(rss.peak()),
          RSS_INTERVAL.toMillis(),
          ClosedLoop.mib(ProcStats.peakRssKiB(pid).orElse(-1)));
      long errors = all.stream().limit(all.size() - 2L).mapToLong(ClosedLoop.Round::errors).sum();
      if (errors > 0) {
        out.println(
            "WARNING: "
                + errors
                + " request(s) failed or did not answer a ciphertext; see the errors column");
      }
    }
  }

  /**
   * The ratio lines under the table: per round, over all rounds (with the target), CPU, latency.
   */
  static String verdicts(
      List<ClosedLoop.Round> bareRounds,
      List<ClosedLoop.Round> encryptRounds,
      ClosedLoop.Round bareTotal,
      ClosedLoop.Round encryptTotal) {
    StringBuilder sb = new StringBuilder();
    String ours = encryptTotal.endpoint();
    for (int r = 0; r < Math.min(bareRounds.size(), encryptRounds.size()); r++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "round %d throughput %s/bare: %.3f%n",
              r + 1,
              ours,
              encryptRounds.get(r).throughput() / bareRounds.get(r).throughput()));
    }
    double ratio = encryptTotal.throughput() / bareTotal.throughput();
    sb.append(
        String.format(
            Locale.ROOT,
            "throughput %s/bare, all rounds: %.3f   target >= %.2f   %s%n",
            ours,
            ratio,
            TARGET,
            ratio >= TARGET ? "PASS" : "MISS"));
    sb.append(
        String.format(
            Locale.ROOT,
            "server CPU per request: bare %.1f us, %s %.1f us (%s costs %.2fx bare)%n",
            bareTotal.serverCpuMicrosPerRequest(),
            ours,
            encryptTotal.serverCpuMicrosPerRequest(),
            ours,
            encryptTotal.serverCpuMicrosPerRequest() / bareTotal.serverCpuMicrosPerRequest()));
    sb.append(
        String.format(
            Locale.ROOT,
            "latency p50 %s/bare: %.2fx   p99 %s/bare: %.2fx%n",
            ours,
            (double) encryptTotal.latency().p50() / bareTotal.latency().p50(),
            ours,
            (double) encryptTotal.latency().p99() / bareTotal.latency().p99()));
    return sb.toString();
  }

  private static HttpRequest post(URI uri, String token, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
        .build();
  }

  private static HttpRequest postOcsp(URI uri, byte[] request) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/ocsp-request")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(request))
        .build();
  }

  /** A 200 answer, of {@code contentType} when it is not empty. */
  static boolean ok(HttpResponse<String> response, String contentType) {
    return response.statusCode() == 200
        && (contentType.isEmpty()
            || response.headers().firstValue("Content-Type").orElse("").startsWith(contentType));
  }

  /** For {@link ClosedLoop.Target}: judges a response by {@link #encrypted}. */
  private static boolean answeredCiphertext(HttpResponse<String> response) {
    return encrypted(response.statusCode(), response.body());
  }
}
