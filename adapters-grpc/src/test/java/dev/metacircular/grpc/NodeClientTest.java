package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An independent client: Node's {@code @grpc/grpc-js} and {@code @grpc/proto-loader} (pinned in
 * src/test/node/package-lock.json, installed by {@code npm ci} into target/) load our .proto files
 * and call both real servers over TLS, trusting only the test CA. Needs {@code node} and {@code
 * npm} on the PATH and the npm registry (or npm's cache) reachable.
 */
class NodeClientTest {
  static final Path NODE_SOURCES = Path.of("src/test/node");
  static final Path WORK = Path.of("target/node-client");

  @Test
  void nodeClientTalksToBothServices() throws Exception {
    Path work = install();
    try (TestPlatform p = new TestPlatform()) {
      SystemServiceGrpc.newBlockingStub(p.cryptoChannel)
          .init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build());
      String admin =
          dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc.newBlockingStub(p.cryptoChannel)
              .login(
                  LoginRequest.newBuilder()
                      .setUsername(TestPlatform.ADMIN)
                      .setPassword(TestPlatform.PASSWORD)
                      .build())
              .getToken();
      EngineServiceGrpc.newBlockingStub(p.cryptoChannel)
          .withInterceptors(TestPlatform.bearer(admin))
          .createMount(
              CreateMountRequest.newBuilder().setName("transit").setType("transit").build());
      Path ca = TestPlatform.writeCaPem(work);

      ProcessBuilder node =
          new ProcessBuilder("node", "client.js")
              .directory(work.toFile())
              .redirectErrorStream(true);
      node.environment()
          .putAll(
              Map.of(
                  "PROTO_DIR",
                  Path.of("src/main/proto").toAbsolutePath().toString(),
                  "CA_FILE",
                  ca.toAbsolutePath().toString(),
                  "IDENTITY_ADDR",
                  "127.0.0.1:" + p.identityServer.port(),
                  "CRYPTO_ADDR",
                  "127.0.0.1:" + p.cryptoServer.port(),
                  "USERNAME",
                  TestPlatform.ADMIN,
                  "PASSWORD",
                  TestPlatform.PASSWORD));
      Run run = run(node, 120);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(
              "ok identity health",
              "ok identity login",
              "ok identity validate token",
              "ok transit create key",
              "ok transit encrypt",
              "ok transit decrypt",
              "ok engine request with a Struct",
              "node client: all checks passed");
    }
  }

  /** Copies the client into target/ and installs its locked dependencies there. */
  static Path install() throws Exception {
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "package-lock.json", "client.js")) {
      Files.copy(
          NODE_SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    // protobufjs's postinstall only prints a version notice: no install scripts run.
    ProcessBuilder npm =
        new ProcessBuilder(
                "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
            .directory(WORK.toFile())
            .redirectErrorStream(true);
    Run run = run(npm, 300);
    assertThat(run.exitCode()).as("npm ci: " + run.output()).isZero();
    return WORK;
  }

  record Run(int exitCode, String output) {}

  static Run run(ProcessBuilder builder, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("grpc-node", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(
          -1,
          "timed out after "
              + timeoutSeconds
              + " s: "
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Run(process.exitValue(), output);
  }
}
