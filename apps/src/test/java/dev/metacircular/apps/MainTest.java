package dev.metacircular.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.apps.cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @Test
  void helpListsTheCommands() {
    Run.Result r = Run.mc(Map.of(), "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("mcias", "dev", "--version");
  }

  @Test
  void eachLevelHasHelp() {
    assertThat(Run.mc(Map.of(), "mcias", "--help").out()).contains("server", "db");
    assertThat(Run.mc(Map.of(), "mcias", "db", "--help").out())
        .contains("account", "role", "token", "prune", "audit", "schema", "snapshot");
    assertThat(Run.mc(Map.of(), "mcias", "db", "account", "--help").out())
        .contains("list", "get", "create", "set-password", "set-status", "reset-totp");
    assertThat(Run.mc(Map.of(), "dev", "--help").out()).contains("--data-dir", "--port");
  }

  @Test
  void versionIsPrinted() {
    Run.Result r = Run.mc(Map.of(), "--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("mc ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(Run.mc(Map.of()).exitCode()).isEqualTo(2);
    assertThat(Run.mc(Map.of(), "mcias").exitCode()).isEqualTo(2);
    assertThat(Run.mc(Map.of(), "nonsense").exitCode()).isEqualTo(2);
    assertThat(Run.mc(Map.of(), "mcias", "server", "--bogus").exitCode()).isEqualTo(2);
    assertThat(Run.mc(Map.of(), "dev", "--port", "http").exitCode()).isEqualTo(2);
    assertThat(Run.mc(Map.of(), "dev", "--port", "70000").exitCode()).isEqualTo(2);
  }

  @Test
  void aConfigProblemIsOneLineAndExitsOne(@TempDir Path dir) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("mcias.toml"),
            "[server]\nlisten_addr = \"127.0.0.1:0\"\ntls_key = \"k.pem\"\n"
                + "[database]\npath = \"x.db\"\n[tokens]\nissuer = \"i\"\n"
                + "[master_key]\npassphrase_env = \"P\"\n");

    Run.Result r = Run.mc(Map.of(), "mcias", "server", "--config", config.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("mc: config: server.tls_cert is required" + System.lineSeparator());
  }

  @Test
  void theConfigFileComesFromTheEnvironmentWhenNotGiven(@TempDir Path dir) {
    Run.Result r =
        Run.mc(Map.of("MCIAS_CONFIG", dir.resolve("absent.toml").toString()), "mcias", "server");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().trim())
        .isEqualTo("mc: config: " + dir.resolve("absent.toml") + ": no such file");
  }

  @Test
  void debugShowsTheStackTrace(@TempDir Path dir) {
    Map<String, String> env =
        Map.of("MCIAS_CONFIG", dir.resolve("absent.toml").toString(), "MC_DEBUG", "1");

    Run.Result r = Run.mc(env, "mcias", "server");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("ConfigException", "\tat ");
  }

  @Test
  void failuresAreDescribedByTheirOwnMessage() {
    assertThat(Failures.describe(new IllegalStateException("open database: locked")))
        .isEqualTo("open database: locked");
    assertThat(Failures.describe(new NullPointerException()))
        .startsWith("internal error (NullPointerException)")
        .contains("MC_DEBUG=1");
    assertThat(
            Failures.describe(
                new java.io.UncheckedIOException(
                    "cannot write", new java.io.IOException("disk full"))))
        .isEqualTo("cannot write: disk full");
  }
}
