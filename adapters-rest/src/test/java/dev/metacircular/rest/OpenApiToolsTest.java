package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API description judged by tools that are not ours, on what the running servers serve:
 * Redocly's linter (recommended rules) must find no error, and openapi-typescript's types of both
 * services, used by an openapi-fetch client compiled with tsc, must call both servers over TLS. The
 * npm packages are pinned in src/test/node-openapi/package-lock.json and installed by {@code npm
 * ci} into target/ (from npm's cache when it has them). Needs {@code node} and {@code npm}.
 */
class OpenApiToolsTest {
  static final Path SOURCES = Path.of("src/test/node-openapi");
  static final Path WORK = Path.of("target/openapi-node");

  private static IdentityRestServer identity;
  private static CryptoRestServer crypto;

  @BeforeAll
  static void start() throws Exception {
    identity = IdentityRestServer.start(new FakeIdentityPorts().api(), TestTls.settings());
    FakeCryptoPorts cryptoPorts = new FakeCryptoPorts();
    cryptoPorts.reset();
    crypto = CryptoRestServer.start(cryptoPorts.api(), TestTls.settings());
    install();
    Files.writeString(
        WORK.resolve("identity.json"), ApiDescriptionTest.served(identity), StandardCharsets.UTF_8);
    Files.writeString(
        WORK.resolve("crypto.json"), ApiDescriptionTest.served(crypto), StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    identity.close();
    crypto.close();
  }

  @Test
  void redoclyFindsNoErrorInEitherDescription() throws Exception {
    Run lint =
        run(
            tool("redocly", "lint", "--config", "redocly.yaml", "identity.json", "crypto.json"),
            180);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("identity.json", "crypto.json").doesNotContain("error");
  }

  @Test
  void aGeneratedTypeScriptClientCallsBothServices() throws Exception {
    for (String service : List.of("identity", "crypto")) {
      Run types = run(tool("openapi-typescript", service + ".json", "-o", service + ".ts"), 120);
      assertThat(types.exitCode()).as(types.output()).isZero();
    }
    Run tsc = run(tool("tsc", "-p", "."), 180);
    assertThat(tsc.exitCode()).as("tsc: " + tsc.output()).isZero();

    Path ca = TestTls.writeCertificatePem(WORK.resolve("test-ca.pem").toAbsolutePath());
    ProcessBuilder node = new ProcessBuilder("node", "dist/client.js").directory(WORK.toFile());
    node.environment()
        .putAll(
            Map.of(
                "NODE_EXTRA_CA_CERTS",
                ca.toString(),
                "IDENTITY_URL",
                "https://127.0.0.1:" + identity.port(),
                "CRYPTO_URL",
                "https://127.0.0.1:" + crypto.port(),
                "USERNAME",
                "alice",
                "PASSWORD",
                FakeIdentityPorts.GOOD_PASSWORD));
    Run client = run(node, 60);
    assertThat(client.exitCode()).as(client.output()).isZero();
    assertThat(client.output())
        .contains(
            "identity health status=ok",
            "identity login expires_at=",
            "identity validate valid=true",
            "identity accounts without a token status=401 error=",
            "crypto status state=unsealed");
  }

  /** A test that a tsc type error fails the build: the types are the description's, not any. */
  @Test
  void tscRefusesABodyTheDescriptionDoesNotAllow() throws Exception {
    for (String service : List.of("identity", "crypto")) {
      run(tool("openapi-typescript", service + ".json", "-o", service + ".ts"), 120);
    }
    Path bad = WORK.resolve("bad.ts");
    Files.writeString(
        bad,
        "import createClient from \"openapi-fetch\";\n"
            + "import type { paths } from \"./crypto.js\";\n"
            + "const crypto = createClient<paths>({ baseUrl: \"https://127.0.0.1\" });\n"
            + "await crypto.POST(\"/v1/unseal\", { body: { passphrase: \"x\" } });\n",
        StandardCharsets.UTF_8);
    try {
      Run tsc =
          run(
              tool(
                  "tsc",
                  "--noEmit",
                  "--strict",
                  "--module",
                  "NodeNext",
                  "--moduleResolution",
                  "NodeNext",
                  "--target",
                  "ES2022",
                  "--skipLibCheck",
                  "--lib",
                  "ES2022,DOM",
                  "bad.ts"),
              180);
      assertThat(tsc.exitCode()).isNotZero();
      assertThat(tsc.output()).contains("passphrase");
    } finally {
      Files.deleteIfExists(bad);
    }
  }

  /** Copies the sources into target/ and installs their locked dependencies there. */
  static void install() throws Exception {
    Files.createDirectories(WORK);
    for (String file :
        List.of(
            "package.json", "package-lock.json", "tsconfig.json", "redocly.yaml", "client.ts")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(WORK.resolve("node_modules/.bin"))
        && Files.getLastModifiedTime(WORK.resolve("node_modules"))
                .compareTo(Files.getLastModifiedTime(SOURCES.resolve("package-lock.json")))
            > 0) {
      return; // installed from this lock file already
    }
    ProcessBuilder npm =
        new ProcessBuilder(
                "npm",
                "ci",
                "--ignore-scripts",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error")
            .directory(WORK.toFile());
    Run run = run(npm, 300);
    assertThat(run.exitCode()).as("npm ci: " + run.output()).isZero();
  }

  private static ProcessBuilder tool(String name, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of("node_modules/.bin", name).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile());
    // Redocly would otherwise phone home for telemetry and update notices.
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    return builder;
  }

  record Run(int exitCode, String output) {}

  static Run run(ProcessBuilder builder, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("openapi-node", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Run(process.exitValue(), output);
  }
}
