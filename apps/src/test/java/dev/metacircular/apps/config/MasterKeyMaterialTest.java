package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyMaterialTest {

  private static byte[] key() {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i * 7 + 1);
    }
    return k;
  }

  @Test
  void aKeyFileHoldsThirtyTwoRawBytes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("master.key");
    MasterKeyFile.create(file, key());

    assertThat(MasterKeyFile.read(file)).isEqualTo(key());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aKeyFileMayHoldBase64Text(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("master.key");
    Files.writeString(file, "  " + Base64.getEncoder().encodeToString(key()) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThat(MasterKeyFile.read(file)).isEqualTo(key());
  }

  @Test
  void aKeyFileOfAnyOtherSizeIsRefusedWithoutShowingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("master.key");
    Files.write(file, "not-a-key-at-all".getBytes(StandardCharsets.US_ASCII));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> MasterKeyFile.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "master key file "
                + file
                + " must hold 32 raw bytes or their base64 text (it holds 16"
                + " bytes)");
    assertThatThrownBy(() -> MasterKeyFile.read(dir.resolve("absent.key")))
        .hasMessage("config: master_key.keyfile " + dir.resolve("absent.key") + " does not exist");
  }

  @Test
  void anExistingKeyFileIsNeverOverwritten(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("master.key");
    MasterKeyFile.create(file, key());

    assertThatThrownBy(() -> MasterKeyFile.create(file, new byte[32]))
        .isInstanceOf(IOException.class);
    assertThat(MasterKeyFile.read(file)).isEqualTo(key());
  }

  @Test
  void thePassphraseComesFromTheNamedVariable() {
    MasterKeyConfig.PassphraseEnv source =
        new MasterKeyConfig.PassphraseEnv("MCIAS_MASTER_PASSPHRASE");

    assertThat(source.read(Map.of("MCIAS_MASTER_PASSPHRASE", "correct horse")))
        .containsExactly("correct horse".toCharArray());
    assertThatThrownBy(() -> source.read(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("environment variable MCIAS_MASTER_PASSPHRASE is not set");
    assertThatThrownBy(() -> source.read(Map.of("MCIAS_MASTER_PASSPHRASE", "")))
        .hasMessage("environment variable MCIAS_MASTER_PASSPHRASE is not set");
  }
}
