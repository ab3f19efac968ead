package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.identity.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh create-profile|sign|revoke|ca|krl} and {@code u2u register|send|read} in the shell
 * (offline, on the database files), judged by ssh-keygen.
 */
class ShellSshAndU2uTest {
  static final String SEAL_PASSWORD = "a long seal password";

  @TempDir Path dir;

  @Test
  void signRevokeAndKrlFilesThatOpenSshReadsAndUserToUserMessages() throws Exception {
    TestServer.start(dir).close();
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
    Path key = dir.resolve("id_ed25519");
    Process keygen =
        new ProcessBuilder("ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", key.toString())
            .start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (ShellDriver shell = new ShellDriver(offline(metacrypt), null)) {
      shell.expect("offline@metacrypt[uninitialized]> ");
      shell.line("init").expect("Seal password: ");
      shell.line(SEAL_PASSWORD).expect("Repeat seal password: ");
      shell.line(SEAL_PASSWORD);
      shell.expect("offline@metacrypt[unsealed]> ");
      shell.line("mounts mount ssh --type sshca");
      assertThat(shell.expect("> ")).contains("mounted sshca at ssh");
      shell.line(
          "ssh create-profile dev --principal {{username}} --principal deploy --max-ttl 8h --extension permit-pty");
      assertThat(shell.expect("> "))
          .contains("created profile dev (user, principals {{username}},deploy, ttl 1h max 8h)");
      shell.line("ssh sign --profile dev --principal deploy --key " + key + ".pub --ttl 1d");
      String signed = shell.expect("> ");
      assertThat(signed)
          .contains("wrote " + dir.resolve("id_ed25519-cert.pub"))
          .contains("note:    ttl 1d capped");
      Matcher serial = Pattern.compile("serial:  (\\d+)").matcher(signed);
      assertThat(serial.find()).isTrue();
      shell.line("ssh sign --profile dev --principal root --key " + key + ".pub");
      assertThat(shell.expect("> "))
          .contains("error: principal root is not allowed by profile dev");
      shell.line("ssh revoke " + serial.group(1));
      assertThat(shell.expect("> ")).contains("revoked " + serial.group(1), "krl version 2");
      shell.line("ssh krl --output " + dir.resolve("revoked.krl"));
      assertThat(shell.expect("> ")).contains("(version 2, 1 serials, 0 key ids)");
      shell.line("ssh ca");
      assertThat(shell.expect("> ")).contains("ssh-ed25519 AAAA");

      shell.line("mounts mount u2u --type user");
      shell.expect("> ");
      shell.line("u2u register");
      assertThat(shell.expect("> ")).contains("registered mc-shell (x25519, key version 1)");
      shell.line("u2u send --to mc-shell 'meet at noon'");
      Matcher envelope = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}").matcher(shell.expect("> "));
      assertThat(envelope.find()).isTrue();
      shell.line("u2u read " + envelope.group());
      assertThat(shell.expect("> ")).contains("from:    mc-shell", "meet at noon");
      shell.line("exit");
      shell.expect("bye");
    }
    Process list =
        new ProcessBuilder("ssh-keygen", "-L", "-f", dir.resolve("id_ed25519-cert.pub").toString())
            .redirectErrorStream(true)
            .start();
    String listing = new String(list.getInputStream().readAllBytes());
    assertThat(listing).contains("Key ID: \"mc-shell-", "deploy", "permit-pty");
    Process query =
        new ProcessBuilder(
                "ssh-keygen",
                "-Q",
                "-f",
                dir.resolve("revoked.krl").toString(),
                dir.resolve("id_ed25519-cert.pub").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(new String(query.getInputStream().readAllBytes())).contains("REVOKED");
    assertThat(ShellHistory.recorded("u2u send --to bob 'secret'")).isFalse();
    assertThat(ShellHistory.recorded("u2u read AAAA")).isFalse();
  }

  private static Connection offline(Path... configs) {
    ShellCommand command = new ShellCommand(CommandEnvironment.system());
    command.offline = true;
    command.configs = java.util.List.of(configs);
    return command.connect();
  }
}
