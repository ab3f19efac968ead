package dev.metacircular.benchmarks;

import com.google.protobuf.ByteString;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * gRPC beside REST, same run, same server process, same cores: ValidateToken and transit Encrypt (1
 * KiB) unary throughput over gRPC against {@code POST /v1/token/validate} and {@code POST
 * /v1/engine/request} over HTTPS, from the same closed-loop client code ({@link ClosedLoop}),
 * printed as gRPC/REST ratios.
 *
 * <p>It starts {@link GrpcBenchServer} as a child process, warms every endpoint up, then runs
 * rounds alternating REST validate, gRPC validate, REST encrypt, gRPC encrypt. REST goes over
 * {@link HttpClient} (HTTP/1.1 keep-alive, one connection per worker); gRPC over grpc-java's Netty
 * client with blocking stubs, {@code --channels} HTTP/2 connections per service shared by the
 * workers (gRPC's usual shape). A validation counts when it answers valid; an encryption when it
 * answers a {@code metacrypt:v1:} ciphertext.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.GrpcLoadMain [options]
 *   --threads N     concurrent workers (16)     --channels N   gRPC connections per service (1)
 *   --duration T    per round (10s)             --warmup T     per endpoint, before round 1 (5s)
 *   --rounds N      rounds per endpoint (2)     --cheap-seal   cheap seal KDF at setup
 *   --server-jvm-args "ARGS"   --server-log-level LEVEL (WARN)
 * </pre>
 */
public final class GrpcLoadMain {
  private static final Duration RSS_INTERVAL = Duration.ofMillis(250);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private GrpcLoadMain() {}

  public static void main(String[] argv) throws Exception {
    Optional<Args> parsed =
        LoadCommandLine.parse(
            argv,
            Set.of(
                "threads",
                "channels",
                "duration",
                "warmup",
                "rounds",
                "server-jvm-args",
                "server-log-level"),
            Set.of("cheap-seal", "help"),
            "usage: GrpcLoadMain [--threads 16] [--channels 1] [--duration 10s]"
                + " [--warmup 5s] [--rounds 2] [--cheap-seal] [--server-jvm-args ARGS]"
                + " [--server-log-level WARN]");
    if (parsed.isEmpty()) {
      return;
    }
    Args args = parsed.get();
    int threads = args.integer("threads", 16);
    int channels = args.integer("channels", 1);
    Duration duration = args.duration("duration", Duration.ofSeconds(10));
    Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
    int rounds = args.integer("rounds", 2);
    List<String> serverArgs = args.flag("cheap-seal") ? List.of("--cheap-seal") : List.of();
    String jvmArgs = args.string("server-jvm-args", "").trim();
    List<String> serverJvmArgs = jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+"));
    String logLevel = args.string("server-log-level", "WARN");
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    try (ServerProcess server =
        ServerProcess.start(
            GrpcBenchServer.class, serverJvmArgs, serverArgs, logLevel, Duration.ofMinutes(5))) {
      long pid = server.pid();
      Path cert = Path.of(server.value("cert"));
      HttpClient http = TlsClient.trusting(cert);
      String token = server.value("token");
      String serviceToken = server.value("service_token");
      byte[] plaintext = new byte[TransitBenchmark.SIZE];
      new SecureRandom().nextBytes(plaintext);

      HttpRequest restValidate =
          HttpRequest.newBuilder(
                  URI.create(
                      "https://127.0.0.1:" + server.value("identity_port") + "/v1/token/validate"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(LoadMain.validateBody(token)))
              .build();
      HttpRequest restEncrypt =
          HttpRequest.newBuilder(
                  URI.create(
                      "https://127.0.0.1:"
                          + server.value("crypto_port")
                          + CryptoLoadMain.ENCRYPT_PATH))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + serviceToken)
              .timeout(Duration.ofSeconds(30))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      CryptoLoadMain.encryptBody(Base64.getEncoder().encodeToString(plaintext)),
                      StandardCharsets.US_ASCII))
              .build();

      X509Certificate ca = certificate(cert);
      List<ManagedChannel> open = new ArrayList<>();
      List<TokenServiceGrpc.TokenServiceBlockingStub> validators = new ArrayList<>();
      List<TransitServiceGrpc.TransitServiceBlockingStub> encryptors = new ArrayList<>();
      Metadata bearer = new Metadata();
      bearer.put(AUTHORIZATION, "Bearer " + serviceToken);
      for (int c = 0; c < channels; c++) {
        ManagedChannel identity = channel(Integer.parseInt(server.value("identity_grpc_port")), ca);
        ManagedChannel crypto = channel(Integer.parseInt(server.value("crypto_grpc_port")), ca);
        open.add(identity);
        open.add(crypto);
        validators.add(TokenServiceGrpc.newBlockingStub(identity));
        encryptors.add(
            TransitServiceGrpc.newBlockingStub(crypto)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer)));
      }
      ValidateTokenRequest grpcValidate = ValidateTokenRequest.newBuilder().setToken(token).build();
      EncryptRequest grpcEncrypt =
          EncryptRequest.newBuilder()
              .setMount(CryptoFixture.MOUNT)
              .setKey(CryptoFixture.KEY)
              .setPlaintext(ByteString.copyFrom(plaintext))
              .build();

      Map<String, ClosedLoop.Call> targets = new LinkedHashMap<>();
      targets.put(
          "rest-val",
          i -> {
            HttpResponse<String> r = http.send(restValidate, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains(LoadMain.VALID_MARKER);
          });
      targets.put(
          "grpc-val",
          i ->
              validators
                  .get(Math.floorMod(i, channels))
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .validateToken(grpcValidate)
                  .getValid());
      targets.put(
          "rest-enc",
          i -> {
            HttpResponse<String> r = http.send(restEncrypt, HttpResponse.BodyHandlers.ofString());
            return CryptoLoadMain.encrypted(r.statusCode(), r.body());
          });
      targets.put(
          "grpc-enc",
          i ->
              encryptors
                  .get(Math.floorMod(i, channels))
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .encrypt(grpcEncrypt)
                  .getCiphertext()
                  .startsWith("metacrypt:v1:"));

      Thread.sleep(2000);
      long idleRss = ProcStats.rssKiB(pid).orElse(-1);
      ClosedLoop.RssSampler rss = new ClosedLoop.RssSampler(pid);
      RssSampling sampler = RssSampling.every(RSS_INTERVAL, rss);

      out.printf(
          Locale.ROOT,
          "load: %d threads, %d gRPC channel(s) per service, warm-up %s per"
              + " endpoint, %d x %s rounds per endpoint%n",
          threads,
          channels,
          ClosedLoop.seconds(warmup),
          rounds,
          ClosedLoop.seconds(duration));
      for (Map.Entry<String, ClosedLoop.Call> t : targets.entrySet()) {
        ClosedLoop.run(t.getKey(), t.getValue(), threads, warmup, pid, rss, "warm-up");
      }
      Map<String, List<ClosedLoop.Round>> byTarget = new LinkedHashMap<>();
      List<ClosedLoop.Round> all = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        for (Map.Entry<String, ClosedLoop.Call> t : targets.entrySet()) {
          ClosedLoop.Round round =
              ClosedLoop.run(
                  t.getKey(), t.getValue(), threads, duration, pid, rss, Integer.toString(r));
          byTarget.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(round);
          all.add(round);
          out.println(ClosedLoop.oneLine(round));
        }
      }
      sampler.close();
      Map<String, ClosedLoop.Round> totals = new LinkedHashMap<>();
      for (Map.Entry<String, List<ClosedLoop.Round>> e : byTarget.entrySet()) {
        ClosedLoop.Round total = ClosedLoop.total(e.getKey(), e.getValue());
        totals.put(e.getKey(), total);
        all.add(total);
      }
      for (ManagedChannel channel : open) {
        channel.shutdownNow();
      }

      out.println();
      out.println("== Metacircular gRPC beside REST load summary ==");
      out.println(Environment.describe() + "; started " + started);
      out.println(
          "load average (1/5/15 min): at start "
              + loadBefore
              + "; at end "
              + Environment.loadAverage()
              + " (the load client and the server share the same cores)");
      out.printf(
          Locale.ROOT,
          "client: %d threads, closed loop; REST HTTP/1.1 keep-alive over TLS;"
              + " gRPC %d HTTP/2 channel(s) per service over TLS, blocking stubs; warm-up %s per"
              + " endpoint; %d round(s) of %s per endpoint, alternating%n",
          threads,
          channels,
          ClosedLoop.seconds(warmup),
          rounds,
          ClosedLoop.seconds(duration));
      out.printf(
          Locale.ROOT,
          "server: pid %d, JVM args [%s], log level %s; identity and crypto on"
              + " SQLite, both doors of each over the same core; seal KDF %s%n",
          pid,
          String.join(" ", serverJvmArgs),
          logLevel,
          server.value("seal_kdf"));
      out.println(
          "validate: REST POST /v1/token/validate vs gRPC TokenService/ValidateToken (a"
              + " login token); encrypt: REST POST /v1/engine/request vs gRPC TransitService/Encrypt,"
              + " "
              + TransitBenchmark.SIZE
              + " bytes, a service token allowed by an ACL rule");
      out.println();
      out.print(ClosedLoop.table(all));
      out.println();
      out.print(ratios(byTarget, totals));
      out.printf(
          Locale.ROOT,
          "server RSS: idle %s, peak under load %s%n",
          ClosedLoop.mib(idleRss),
          ClosedLoop.mib(rss.peak()));
      long errors = totals.values().stream().mapToLong(ClosedLoop.Round::errors).sum();
      if (errors > 0) {
        out.println("WARNING: " + errors + " call(s) failed; see the errors column");
      }
    }
  }

  static String ratios(
      Map<String, List<ClosedLoop.Round>> byTarget, Map<String, ClosedLoop.Round> totals) {
    StringBuilder sb = new StringBuilder();
    for (String op : List.of("val", "enc")) {
      String name = op.equals("val") ? "ValidateToken" : "Encrypt";
      List<ClosedLoop.Round> rest = byTarget.get("rest-" + op);
      List<ClosedLoop.Round> grpc = byTarget.get("grpc-" + op);
      for (int r = 0; r < Math.min(rest.size(), grpc.size()); r++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "round %d %s throughput gRPC/REST: %.3f%n",
                r + 1,
                name,
                grpc.get(r).throughput() / rest.get(r).throughput()));
      }
      ClosedLoop.Round restTotal = totals.get("rest-" + op);
      ClosedLoop.Round grpcTotal = totals.get("grpc-" + op);
      sb.append(
          String.format(
              Locale.ROOT,
              "%s gRPC/REST, all rounds: throughput %.3f   server CPU per call %.2fx   p50 %.2fx"
                  + "   p99 %.2fx%n",
              name,
              grpcTotal.throughput() / restTotal.throughput(),
              grpcTotal.serverCpuMicrosPerRequest() / restTotal.serverCpuMicrosPerRequest(),
              (double) grpcTotal.latency().p50() / restTotal.latency().p50(),
              (double) grpcTotal.latency().p99() / restTotal.latency().p99()));
    }
    return sb.toString();
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    KeyStore trust = TlsCertificates.trustStoreFromPem(pem);
    return (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
  }

  private static ManagedChannel channel(int port, X509Certificate ca) throws Exception {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
        .build();
  }
}
