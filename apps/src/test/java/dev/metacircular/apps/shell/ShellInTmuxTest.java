package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mc shell} as its own process on a real pseudo-terminal (tmux), typed into with send-keys
 * and read with capture-pane: what an operator sees, including that a password typed at the prompt
 * is not echoed and that Ctrl-C drops the line being typed.
 */
class ShellInTmuxTest {
  static final String SEAL_PASSWORD = ShellEndToEndTest.SEAL_PASSWORD;

  @org.junit.jupiter.api.io.TempDir Path dir;
  private final String socket = "mc-shell-test-" + UUID.randomUUID();
  private final String session = "shell";
  private boolean started;

  @AfterEach
  void killTmux() throws Exception {
    if (started) {
      tmux("kill-server");
    }
  }

  @Test
  void anOperatorAtARealTerminal() throws Exception {
    assertTrue(
        tmuxAvailable(), "tmux is not installed (apt-get install tmux; .ci/run installs it)");
    try (ShellTestServers servers = new ShellTestServers(dir)) {
      drive(servers);
    }
  }

  private void drive(ShellTestServers servers) throws Exception {
    Path history = dir.resolve("tmux_history");
    Path script = dir.resolve("run-shell.sh");
    Files.writeString(
        script,
        "#!/bin/bash\nenv NO_COLOR=1 '"
            + javaBinary()
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.metacircular.apps.Main shell"
            + " --identity-addr "
            + servers.identityUrl()
            + " --crypto-addr "
            + servers.cryptoUrl()
            + " --ca-cert '"
            + servers.cert
            + "' --history '"
            + history
            + "'"
            + " 2> '"
            + dir.resolve("stderr.txt")
            + "'; echo exited with $?; sleep 120\n");
    script.toFile().setExecutable(true);
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", "bash " + script);
    started = true;

    await("mc[uninitialized]> ");
    keys("init", "Enter");
    await("Seal password:");
    keys(SEAL_PASSWORD, "Enter");
    await("Repeat seal password:");
    keys(SEAL_PASSWORD, "Enter");
    await("mc[unsealed]> ");
    keys("login root", "Enter");
    await("Password for root:");
    keys(dev.metacircular.apps.identity.TestServer.PASSWORD, "Enter");
    await("root@mc[unsealed]> ");

    keys("whoa", "Tab", "Enter");
    await("account id:");
    keys("accounts delete root", "C-c");
    keys("status", "Enter");
    await("crypto:    unsealed");
    keys("C-d");
    await("exited with 0");

    String pane = capture();
    assertThat(pane)
        .contains("logged in as root (admin, human)", "whoami")
        .doesNotContain(
            SEAL_PASSWORD,
            dev.metacircular.apps.identity.TestServer.PASSWORD,
            "deleted root",
            "error:");
    assertThat(Files.readString(history))
        .contains("login root", "whoami", "status")
        .doesNotContain(SEAL_PASSWORD, "accounts delete root");
  }

  private void await(String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (capture().contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the terminal never showed '"
            + text
            + "':\n"
            + capture()
            + "\nstderr:\n"
            + (Files.exists(dir.resolve("stderr.txt"))
                ? Files.readString(dir.resolve("stderr.txt"))
                : ""));
  }

  private void keys(String... keys) throws Exception {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    tmux(args.toArray(String[]::new));
    Thread.sleep(150);
  }

  private String capture() throws Exception {
    return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static boolean tmuxAvailable() {
    try {
      return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
