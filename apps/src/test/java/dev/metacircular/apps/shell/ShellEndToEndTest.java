package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.identity.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real shell against a real identity server and a real crypto server over TLS on free ports,
 * typed into through a JLine dumb terminal over pipes.
 */
class ShellEndToEndTest {
  static final String SEAL_PASSWORD = "a long seal password";
  static final String BOB_PASSWORD = "bobs own long password";

  @TempDir Path dir;
  ShellTestServers servers;
  Path cert;

  @BeforeEach
  void start() throws Exception {
    servers = new ShellTestServers(dir);
    cert = servers.cert;
  }

  @AfterEach
  void stop() {
    servers.close();
  }

  URI identityUrl() {
    return servers.identityUrl();
  }

  URI cryptoUrl() {
    return servers.cryptoUrl();
  }

  Connection connectBoth() {
    return servers.connectBoth();
  }

  /** The same session over either door: the same prompts, answers and one-line errors. */
  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"rest", "grpc"})
  void anAdminSessionAgainstBothServices(String transport) throws Exception {
    Path history = dir.resolve("conf").resolve("shell_history");
    String door = transport.equals("grpc") ? "gRPC" : "REST";
    try (ShellDriver shell = new ShellDriver(servers.connectBoth(transport), history)) {
      assertThat(shell.expect("mc[uninitialized]> ")).contains("connected to mc over " + door);
      shell.line("status");
      assertThat(shell.expect("mc[uninitialized]> "))
          .contains(
              "identity:  ok", "crypto:    uninitialized", "not logged in", "transport: " + door);

      shell.line("init").expect("Seal password: ");
      shell.line(SEAL_PASSWORD).expect("Repeat seal password: ");
      shell.line(SEAL_PASSWORD);
      assertThat(shell.expect("mc[unsealed]> ")).contains("initialized and unsealed");

      shell.line("login root").expect("Password for root: ");
      shell.line(TestServer.PASSWORD);
      assertThat(shell.expect("root@mc[unsealed]> ")).contains("logged in as root (admin, human)");

      // Tab completes a command name.
      shell.type("whoa\t\n");
      assertThat(shell.expect("root@mc[unsealed]> ")).contains("account id: ");

      shell.line("mounts mount transit");
      assertThat(shell.expect("> ")).contains("mounted transit at transit");
      shell.line("transit create-key payments");
      assertThat(shell.expect("> ")).contains("latest version:         1");
      shell.line("transit encrypt payments 'hello world'");
      String encrypted = shell.expect("> ");
      Matcher m = Pattern.compile("metacrypt:v1:[A-Za-z0-9+/=]+").matcher(encrypted);
      assertThat(m.find()).as(encrypted).isTrue();
      shell.line("transit decrypt payments " + m.group());
      assertThat(shell.expect("> ")).contains("hello world");

      shell.line("accounts create bob --role user").expect("Password for bob: ");
      shell.line(BOB_PASSWORD).expect("Repeat password for bob: ");
      shell.line(BOB_PASSWORD);
      assertThat(shell.expect("> ")).contains("created bob (");
      // Tab completes an account name fetched from the identity service.
      shell.type("roles list bo\t\n");
      assertThat(shell.expect("> ")).contains("user");

      shell.line(
          "acl explain --username bob --roles user --service metacrypt --mount transit"
              + " --action encrypt");
      assertThat(shell.expect("> ")).contains("decision: deny", "no rule matched");
      shell.line(
          "acl create --id bob-encrypts --priority 10 --effect allow --usernames bob"
              + " --mounts transit --actions encrypt");
      assertThat(shell.expect("> ")).contains("created rule bob-encrypts");
      shell.line(
          "acl explain --username bob --roles user --service metacrypt --mount transit"
              + " --action encrypt");
      assertThat(shell.expect("> ")).contains("decision: allow", "rule:     bob-encrypts");
      shell.line("login-policy list");
      assertThat(shell.expect("> ")).contains("default-allow-login");

      // Bad input: one line each, and the shell carries on.
      shell.line("frobnicate now");
      assertThat(shell.expect("> ")).contains("error: unknown command 'frobnicate'");
      shell.line("transit encrypt");
      String missing = shell.expect("> ");
      assertThat(missing)
          .contains("error: Missing required parameter")
          .contains("(see: help transit encrypt)");
      assertThat(missing.lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
      shell.line("accounts show nobody");
      assertThat(shell.expect("> ")).contains("error: account nobody not found");
      shell.line("transit decrypt payments not-a-ciphertext");
      assertThat(shell.expect("> ")).contains("error: ciphertext is malformed");
      shell.line("accounts update bob --status sideways");
      assertThat(shell.expect("> ")).contains("error: ");
      shell.line("accounts list");
      assertThat(shell.expect("> ")).contains("bob", "root");

      shell.line("audit query --service metacrypt --type mount_created");
      assertThat(shell.expect("> ")).contains("mount_created");
      shell.line("audit tail --service metacrypt --interval 1 --n 2");
      shell.expect("following; Ctrl-C stops");
      // An event written while following shows up (REST: the next poll; gRPC: the stream).
      servers.crypto.core().mounts().mount(TestServer.SETUP, "streamed", "transit", Map.of());
      assertThat(shell.expect("mount_created  test-setup")).doesNotContain("error");
      shell.line("");
      shell.type("\u0003");
      assertThat(shell.expect("> ")).contains("stopped following");

      shell.line("seal");
      assertThat(shell.expect("root@mc[sealed]> ")).contains("sealed");
      shell.line("transit list-keys");
      assertThat(shell.expect("> ")).contains("error: sealed");
      shell.line("unseal").expect("Seal password: ");
      shell.line(SEAL_PASSWORD);
      shell.expect("root@mc[unsealed]> ");
      shell.line("help transit");
      assertThat(shell.expect("> ")).contains("create-key", "verify-hmac");

      // A user who is not an admin: the service's refusal, one line.
      shell.line("logout");
      shell.expect("mc[unsealed]> ");
      shell.line("login bob").expect("Password for bob: ");
      shell.line(BOB_PASSWORD);
      assertThat(shell.expect("bob@mc[unsealed]> ")).contains("logged in as bob");
      shell.line("accounts list");
      assertThat(shell.expect("> ")).contains("error: admin role required");
      shell.line("exit");
      shell.expect("bye");
      assertThat(shell.awaitExit()).isZero();

      String screen = shell.screen();
      assertThat(screen).doesNotContain(SEAL_PASSWORD, TestServer.PASSWORD, BOB_PASSWORD);
      assertThat(screen).doesNotContain("Exception", "\tat ");
    }
    String saved = Files.readString(history);
    assertThat(saved)
        .contains("login root", "accounts create bob", "status")
        .doesNotContain(
            SEAL_PASSWORD, TestServer.PASSWORD, BOB_PASSWORD, "hello world", "metacrypt:v1:");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history)))
        .isEqualTo("rw-------");
  }

  @Test
  void theCommandLineDetectsTheServiceAndASecondSessionReadsTheHistory() {
    Run.Result r =
        Run.mcWithStdin(
            Map.of("HOME", dir.toString()),
            "status\nbogus\nstatus\n",
            "shell",
            "--addr",
            cryptoUrl().toString(),
            "--ca-cert",
            cert.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "metacrypt[uninitialized]> ",
            "crypto:    uninitialized",
            "error: unknown command 'bogus'",
            "bye");
    assertThat(dir.resolve(".config/metacircular/shell_history")).exists();

    Run.Result identityOnly =
        Run.mcWithStdin(
            Map.of(),
            "accounts list\n",
            "shell",
            "--addr",
            identityUrl().toString(),
            "--ca-cert",
            cert.toString(),
            "--no-history");
    assertThat(identityOnly.out()).contains("mcias> ", "error: not logged in");

    Run.Result overGrpc =
        Run.mcWithStdin(
            Map.of(),
            "status\n",
            "shell",
            "--transport",
            "grpc",
            "--addr",
            servers.cryptoGrpcUrl().toString(),
            "--ca-cert",
            cert.toString(),
            "--no-history");
    assertThat(overGrpc.exitCode()).as(overGrpc.err()).isZero();
    assertThat(overGrpc.out())
        .contains(
            "connected to metacrypt over gRPC",
            "metacrypt[uninitialized]> ",
            "crypto:    uninitialized",
            "transport: gRPC");
    Run.Result identityOverGrpc =
        Run.mcWithStdin(
            Map.of(),
            "accounts list\n",
            "shell",
            "--transport",
            "grpc",
            "--addr",
            servers.identityGrpcUrl().toString(),
            "--ca-cert",
            cert.toString(),
            "--no-history");
    assertThat(identityOverGrpc.out()).contains("mcias> ", "error: not logged in");
    Run.Result wrongCa =
        Run.mcWithStdin(
            Map.of(),
            "status\n",
            "shell",
            "--transport",
            "grpc",
            "--crypto-addr",
            servers.cryptoGrpcUrl().toString(),
            "--no-history");
    assertThat(wrongCa.out())
        .contains("metacrypt[unreachable]> ", "error: TLS handshake with 127.0.0.1:");
    Run.Result grpcDown =
        Run.mcWithStdin(
            Map.of(),
            "status\n",
            "shell",
            "--transport",
            "grpc",
            "--crypto-addr",
            "https://127.0.0.1:1",
            "--ca-cert",
            cert.toString(),
            "--no-history");
    assertThat(grpcDown.exitCode()).isZero();
    assertThat(grpcDown.out())
        .contains("metacrypt[unreachable]> ", "error: cannot reach 127.0.0.1:1");

    Run.Result down =
        Run.mcWithStdin(
            Map.of(),
            "status\n",
            "shell",
            "--crypto-addr",
            "https://127.0.0.1:1",
            "--ca-cert",
            cert.toString(),
            "--no-history");
    assertThat(down.exitCode()).isZero();
    assertThat(down.out())
        .contains("metacrypt[unreachable]> ", "error: cannot reach https://127.0.0.1:1");
  }
}
