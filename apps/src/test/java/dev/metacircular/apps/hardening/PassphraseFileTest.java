package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code master_key.passphrase_file}: the master passphrase from an owner-only file instead of an
 * environment variable (which stays readable in {@code /proc/PID/environ} for the life of the
 * process). The identity server starts from it only when the file is 0600 or stricter; the refusal
 * names the file, its mode and the fix.
 */
class PassphraseFileTest {
  @TempDir Path dir;
  Path config;
  Path passphrase;

  @BeforeEach
  void writeConfig() throws IOException {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
    passphrase = dir.resolve("master.passphrase");
    config =
        Files.writeString(
            dir.resolve("mcias.toml"),
            "[server]\nlisten_addr = \"127.0.0.1:0\"\n"
                + "tls_cert = \""
                + cert
                + "\"\ntls_key = \""
                + key
                + "\"\n"
                + "[database]\npath = \""
                + dir.resolve("mcias.db")
                + "\"\n"
                + "[tokens]\nissuer = \"https://test.example\"\n"
                + "[master_key]\npassphrase_file = \""
                + passphrase
                + "\"\n");
  }

  private void passphrase(String text, String mode) throws IOException {
    Files.deleteIfExists(passphrase);
    Files.writeString(passphrase, text);
    Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString(mode));
  }

  private IdentityServer start() {
    McIasConfig loaded = new McIasConfigLoader(Map.of(), List.of()).load(config);
    // No environment at all: the passphrase can only have come from the file.
    return IdentityServer.start(
        loaded,
        Map.of(),
        Clock.systemUTC(),
        s ->
            s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
                .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM));
  }

  @Test
  void anOwnerOnlyFileStartsTheServerAndOpensTheSameKeyAgain() throws IOException {
    passphrase("a long master passphrase\n", "rw-------");
    try (IdentityServer server = start()) {
      assertThat(server.port()).isPositive();
    }
    // Read-only for the owner is stricter still; the trailing newline was not part of it.
    passphrase("a long master passphrase", "r--------");
    try (IdentityServer server = start()) {
      assertThat(server.port()).isPositive();
    }
    passphrase("another passphrase", "rw-------");
    assertThatThrownBy(this::start).hasMessageContaining("wrong passphrase");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rwx------", "rw-rw----"})
  void aFileOthersCouldReadIsRefusedWithTheFix(String mode) throws IOException {
    passphrase("a long master passphrase", mode);
    String octal = octal(mode);
    assertThatThrownBy(this::start)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: master_key.passphrase_file "
                + passphrase
                + " has mode "
                + octal
                + " ("
                + mode
                + "); it holds a secret, so it must be 0600 or stricter: chmod 600 "
                + passphrase);
    assertThat(Files.exists(dir.resolve("mcias.db"))).isFalse();
  }

  @Test
  void theServerCommandSaysWhatToDoOnOneLine() throws IOException {
    passphrase("a long master passphrase", "rw-r--r--");
    // Bounded: were the file accepted, the server command would serve until stopped.
    Run.Result r =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> Run.mc(Map.of(), "mcias", "server", "--config", config.toString()));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().trim())
        .isEqualTo(
            "mc: config: master_key.passphrase_file "
                + passphrase
                + " has mode 0644 (rw-r--r--); it holds a secret, so it must be 0600 or stricter:"
                + " chmod 600 "
                + passphrase);
  }

  @Test
  void anEmptyOrMissingFileIsNamed() throws IOException {
    passphrase("\n", "rw-------");
    assertThatThrownBy(this::start)
        .hasMessage("config: master_key.passphrase_file " + passphrase + " is empty");
    Files.delete(passphrase);
    assertThatThrownBy(this::start)
        .hasMessage("config: master_key.passphrase_file " + passphrase + " does not exist");
  }

  @Test
  void onlyOneSourceOfTheMasterKeyMayBeSet() throws IOException {
    Files.writeString(config, Files.readString(config) + "passphrase_env = \"X\"\n");
    assertThatThrownBy(() -> new McIasConfigLoader(Map.of(), List.of()).load(config))
        .hasMessage(
            "config: master_key.passphrase_file and master_key.passphrase_env are"
                + " mutually exclusive; set exactly one");
  }

  private static String octal(String mode) {
    int bits = 0;
    for (char c : mode.toCharArray()) {
      bits = (bits << 1) | (c == '-' ? 0 : 1);
    }
    return String.format("0%03o", bits);
  }
}
