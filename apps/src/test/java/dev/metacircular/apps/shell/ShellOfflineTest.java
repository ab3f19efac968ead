package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.identity.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mc shell --offline}: the same commands on the database files, no server running. */
class ShellOfflineTest {
  static final String SEAL_PASSWORD = "a long seal password";

  @TempDir Path dir;

  @Test
  void theShellWorksOnTheDatabaseFilesAndTheBarrierStaysSealedBetweenSessions() throws Exception {
    // An identity database with its master key, made by a real server that is then stopped.
    TestServer.start(dir).close();
    Path mcias = dir.resolve("mcias.toml");
    Files.writeString(
        mcias,
        "[server]\nlisten_addr = \"127.0.0.1:0\"\n"
            + "tls_cert = \""
            + dir.resolve("tls.crt")
            + "\"\ntls_key = \""
            + dir.resolve("tls.key")
            + "\"\n"
            + "[database]\npath = \""
            + dir.resolve("mcias.db")
            + "\"\n"
            + "[tokens]\nissuer = \"https://test.example\"\n"
            + "[master_key]\nkeyfile = \""
            + dir.resolve("master.key")
            + "\"\n");
    Path metacrypt = dir.resolve("metacrypt.toml");
    Files.writeString(
        metacrypt,
        "[server]\nlisten_addr = \"127.0.0.1:0\"\n"
            + "tls_cert = \""
            + dir.resolve("tls.crt")
            + "\"\ntls_key = \""
            + dir.resolve("tls.key")
            + "\"\n"
            + "[database]\npath = \""
            + dir.resolve("metacrypt.db")
            + "\"\n"
            + "[mcias]\nserver_url = \"https://127.0.0.1:1\"\n"
            + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");

    String ciphertext;
    try (ShellDriver shell = new ShellDriver(offline(mcias, metacrypt), null)) {
      shell.expect("offline@mc[uninitialized]> ");
      shell.line("init").expect("Seal password: ");
      shell.line(SEAL_PASSWORD).expect("Repeat seal password: ");
      shell.line(SEAL_PASSWORD);
      shell.expect("offline@mc[unsealed]> ");
      shell.line("mounts mount transit");
      assertThat(shell.expect("> ")).contains("mounted transit at transit");
      shell.line("transit create-key k");
      shell.expect("> ");
      shell.line("transit encrypt k 'offline secret'");
      Matcher m = Pattern.compile("metacrypt:v1:[A-Za-z0-9+/=]+").matcher(shell.expect("> "));
      assertThat(m.find()).isTrue();
      ciphertext = m.group();
      shell.line("accounts create deploy-bot --type system");
      assertThat(shell.expect("> ")).contains("created deploy-bot (");
      shell.line("tokens issue deploy-bot --ttl 720h");
      assertThat(shell.expect("> ")).contains("jti:", "token:   ey");
      shell.line("audit query --service metacrypt");
      assertThat(shell.expect("> ")).contains("mount_created", "mc-shell");
      shell.line("audit query --type token_issued");
      assertThat(shell.expect("> ")).contains("token_issued", "mc-shell");
      shell.line("login root");
      assertThat(shell.expect("> ")).contains("error: offline: there is no login");
      shell.line("exit");
      shell.expect("bye");
      shell.awaitExit();
    }
    try (ShellDriver shell = new ShellDriver(offline(metacrypt), null)) {
      shell.expect("offline@metacrypt[sealed]> ");
      shell.line("transit decrypt k " + ciphertext);
      assertThat(shell.expect("> ")).contains("error: sealed");
      shell.line("unseal").expect("Seal password: ");
      shell.line(SEAL_PASSWORD);
      shell.expect("offline@metacrypt[unsealed]> ");
      shell.line("transit decrypt k " + ciphertext);
      assertThat(shell.expect("> ")).contains("offline secret");
      shell.line("accounts list");
      assertThat(shell.expect("> ")).contains("error: not connected to the identity service");
      shell.line("exit");
      shell.expect("bye");
      assertThat(shell.screen()).doesNotContain(SEAL_PASSWORD);
    }
  }

  private static Connection offline(Path... configs) {
    ShellCommand command = new ShellCommand(CommandEnvironment.system());
    command.offline = true;
    command.configs = java.util.List.of(configs);
    return command.connect();
  }
}
