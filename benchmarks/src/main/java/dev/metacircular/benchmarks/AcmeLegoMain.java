package dev.metacircular.benchmarks;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.acme.AcmeServer;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.engine.ca.CaEngineType;
import dev.metacircular.http.acme.NetworkChallengeValidator;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import dev.metacircular.rest.acme.AcmeRoutes;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issuance end to end with Debian's {@code lego} (HTTP-01, two names, a new EAB-bound account each
 * time) against our ACME server and against {@code pebble} ({@code PEBBLE_VA_NOSLEEP=1}, no nonce
 * rejection, no authorization reuse), on the same machine in the same run, alternating which goes
 * first each round. Both validate through one {@code pebble-challtestsrv} DNS that points every
 * name at 127.0.0.1, on the same HTTP-01 port lego's solver listens on. Our server runs in this
 * JVM: a crypto core on SQLite with a {@code ca} mount, the REST door with the ACME routes.
 *
 * <p>Options: {@code --rounds N} (5, after one warm-up round each).
 */
public final class AcmeLegoMain {
  private static final char[] KEY_STORE_PASSWORD = "bench-only-key-store".toCharArray();

  private AcmeLegoMain() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of("rounds"), Set.of());
    int rounds = args.integer("rounds", 5);
    PrintStream out = System.out;
    Path dir = Files.createTempDirectory("mc-bench-acme-");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2)));
    KeyStore keyStore = TlsCertificates.keyStoreFromPem(cert, key, KEY_STORE_PASSWORD);
    int http01 = freePort();
    int dnsPort = freePort();
    int pebblePort = freePort();
    List<Process> children = new ArrayList<>();
    ExecutorService validations = Executors.newFixedThreadPool(4);
    SqliteCryptoStorage storage = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"));
    CryptoCore core =
        CryptoCore.open(
            storage.physical(),
            storage.audit(),
            new CryptoFixture.NoDoor(),
            List.of(new CaEngineType()),
            CryptoFixture.CHEAP_SEAL,
            Clock.systemUTC(),
            Runnable::run);
    CryptoRestServer rest = null;
    try {
      children.add(
          new ProcessBuilder(
                  "pebble-challtestsrv",
                  "-dns01",
                  "127.0.0.1:" + dnsPort,
                  "-http01",
                  "",
                  "-https01",
                  "",
                  "-tlsalpn01",
                  "",
                  "-management",
                  "127.0.0.1:" + freePort(),
                  "-defaultIPv6",
                  "")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("challtestsrv.log").toFile())
              .start());
      core.seal().initialize("bench acme seal password".toCharArray());
      core.mounts()
          .mount(
              CryptoFixture.ADMIN,
              "pki",
              CaEngineType.TYPE,
              Map.of(
                  "root_common_name", "Bench Root",
                  "root_key_type", "ec-p256",
                  "acme",
                      Map.of(
                          "enabled",
                          true,
                          "http01_port",
                          http01,
                          "dns_resolver",
                          "127.0.0.1:" + dnsPort)));
      core.operations()
          .run(
              CryptoFixture.ADMIN,
              "pki",
              PkiOperations.CREATE_ISSUER,
              new CreateIssuer("infra", "Bench Infra", "ec-p256", null));
      core.operations()
          .run(
              CryptoFixture.ADMIN,
              "pki",
              PkiOperations.CREATE_ROLE,
              RoleSettings.named("web")
                  .issuer("infra")
                  .allowedDomains(List.of("example.test"))
                  .allowSubdomains(true)
                  .allowBareDomains(false)
                  .allowWildcard(false)
                  .keyType("any")
                  .build());
      AcmeUseCase acme =
          AcmeServer.over(
              core.barrier(),
              core.engineRegistry(),
              storage.audit(),
              new NetworkChallengeValidator(),
              validations,
              Clock.systemUTC(),
              AcmeServer.Settings.DEFAULTS);
      rest =
          CryptoRestServer.start(
              core.useCases(),
              RestSettings.of("127.0.0.1", 0, new TlsSettings(keyStore, KEY_STORE_PASSWORD)),
              AcmeRoutes.routes(acme));
      String ours = "https://127.0.0.1:" + rest.port() + "/acme/pki/web/directory";

      byte[] pebbleMac = new byte[32];
      new SecureRandom().nextBytes(pebbleMac);
      String pebbleHmac = Base64.getUrlEncoder().withoutPadding().encodeToString(pebbleMac);
      Path pebbleConfig = dir.resolve("pebble.json");
      Files.writeString(
          pebbleConfig,
          "{\"pebble\":{\"listenAddress\":\"127.0.0.1:"
              + pebblePort
              + "\","
              + "\"managementListenAddress\":\"127.0.0.1:"
              + freePort()
              + "\","
              + "\"certificate\":\""
              + cert
              + "\",\"privateKey\":\""
              + key
              + "\","
              + "\"httpPort\":"
              + http01
              + ",\"tlsPort\":"
              + freePort()
              + ","
              + "\"ocspResponderURL\":\"\",\"externalAccountBindingRequired\":true,"
              + "\"externalAccountMACKeys\":{\"kid-1\":\""
              + pebbleHmac
              + "\"}}}");
      ProcessBuilder pebble =
          new ProcessBuilder(
                  "pebble",
                  "-config",
                  pebbleConfig.toString(),
                  "-dnsserver",
                  "127.0.0.1:" + dnsPort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pebble.log").toFile());
      pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
      pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
      pebble.environment().put("PEBBLE_AUTHZREUSE", "0");
      children.add(pebble.start());
      waitForPort(pebblePort);
      String theirs = "https://127.0.0.1:" + pebblePort + "/dir";

      Lego lego = new Lego(dir, cert, http01);
      EabSource ourEab =
          () -> {
            EabCredentials c =
                core.operations()
                    .run(CryptoFixture.ADMIN, "pki", PkiOperations.CREATE_EAB, new RoleName("web"));
            return new String[] {c.kid(), c.hmacKey().text()};
          };
      EabSource pebbleEab = () -> new String[] {"kid-1", pebbleHmac};
      lego.issue(ours, ourEab, "warm");
      lego.issue(theirs, pebbleEab, "warm");
      long[] oursNanos = new long[rounds];
      long[] theirsNanos = new long[rounds];
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        if (r % 2 == 0) {
          oursNanos[r] = lego.issue(ours, ourEab, "o" + r);
          theirsNanos[r] = lego.issue(theirs, pebbleEab, "p" + r);
        } else {
          theirsNanos[r] = lego.issue(theirs, pebbleEab, "p" + r);
          oursNanos[r] = lego.issue(ours, ourEab, "o" + r);
        }
        ratios[r] = (double) oursNanos[r] / theirsNanos[r];
        out.printf(
            "round %d: ours %.3f s, pebble %.3f s, ratio %.3f%n",
            r + 1, oursNanos[r] / 1e9, theirsNanos[r] / 1e9, ratios[r]);
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      out.printf(
          "median: ours %.3f s, pebble %.3f s; ratio ours/pebble median %.3f (min %.3f, max %.3f)"
              + "   target <= 1.00   %s%n",
          UnsealMain.median(oursNanos) / 1e9,
          UnsealMain.median(theirsNanos) / 1e9,
          sorted[(rounds - 1) / 2],
          sorted[0],
          sorted[rounds - 1],
          sorted[(rounds - 1) / 2] <= 1.0 ? "PASS" : "MISS");
    } finally {
      if (rest != null) {
        rest.close();
      }
      for (Process p : children) {
        p.destroy();
      }
      validations.shutdownNow();
      validations.awaitTermination(5, TimeUnit.SECONDS);
      core.close();
      storage.close();
    }
  }

  @FunctionalInterface
  interface EabSource {
    String[] next();
  }

  /** Runs lego: one new account (EAB) and one certificate for two names, timed. */
  private record Lego(Path dir, Path caCert, int http01) {
    long issue(String directory, EabSource eab, String label) throws Exception {
      String[] credentials = eab.next();
      Path path = dir.resolve("lego-" + label + "-" + System.nanoTime());
      List<String> command =
          List.of(
              "lego",
              "--server",
              directory,
              "--path",
              path.toString(),
              "--accept-tos",
              "--email",
              "bench@example.test",
              "--eab",
              "--kid",
              credentials[0],
              "--hmac",
              credentials[1],
              "--domains",
              label + "-a.example.test",
              "--domains",
              label + "-b.example.test",
              "--http",
              "--http.port",
              "127.0.0.1:" + http01,
              "run");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("LEGO_CA_CERTIFICATES", caCert.toString());
      Path log = dir.resolve(path.getFileName() + ".log");
      builder.redirectOutput(log.toFile());
      long start = System.nanoTime();
      Process p = builder.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("lego timed out against " + directory);
      }
      long elapsed = System.nanoTime() - start;
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "lego failed against " + directory + ":\n" + Files.readString(log));
      }
      return elapsed;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void waitForPort(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("port " + port + " never opened");
  }
}
