package dev.metacircular.apps.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.sqlite.SqliteControlPlaneStorage;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mc backup} and {@code mc restore} for the control plane's servers (an agent's registry),
 * and every service's database refusing to pass for another's.
 */
class ControlPlaneBackupTest {
  @TempDir Path dir;

  Path agentConfig(Path database) throws Exception {
    Path config = dir.resolve("agent.toml");
    Files.writeString(
        config,
        """
        [agent]
        name = "rift"
        listen_addr = "127.0.0.1:9444"
        tls_cert = "cert.pem"
        tls_key = "key.pem"
        [database]
        path = "%s"
        [mcias]
        server_url = "https://127.0.0.1:8443"
        """
            .formatted(database));
    return config;
  }

  @Test
  void anAgentsRegistryIsBackedUpAndRestoredAndAnotherServicesFileIsRefused() throws Exception {
    Path database = dir.resolve("agent.db");
    SqliteControlPlaneStorage.open(database).close();
    Path config = agentConfig(database);

    Run.Result backup = Run.mc(Map.of(), "backup", "--config", config.toString());

    assertThat(backup.exitCode()).as(backup.err()).isZero();
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
      List<Path> dbs = files.filter(f -> f.toString().endsWith(".db")).toList();
      assertThat(dbs).hasSize(1);
      file = dbs.get(0);
    }
    assertThat(file.getFileName().toString()).startsWith("mcp-agent-");
    assertThat(BackupFiles.takenAt("mcp-agent", file.getFileName().toString())).isPresent();

    Run.Result restored =
        Run.mc(Map.of(), "restore", "--config", config.toString(), file.toString());
    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(Files.readAllBytes(database)).isEqualTo(Files.readAllBytes(file));

    Path crypto = dir.resolve("crypto.db");
    SqliteCryptoStorage.open(crypto).close();
    Path foreign = dir.resolve("backups").resolve("crypto-copy.db");
    Files.copy(crypto, foreign);
    BackupFiles.writeChecksum(foreign);
    Run.Result refused =
        Run.mc(Map.of(), "restore", "--config", config.toString(), foreign.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("is not a control-plane database");
  }

  @Test
  void eachServicesFileOpensOnlyAsItself() {
    Path identity = dir.resolve("identity.db");
    Path crypto = dir.resolve("crypto.db");
    Path agent = dir.resolve("agent.db");
    SqliteIdentityStorage.open(identity).close();
    SqliteCryptoStorage.open(crypto).close();
    SqliteControlPlaneStorage.open(agent).close();

    assertThatThrownBy(() -> SqliteIdentityStorage.openWithoutMigrating(crypto))
        .hasMessageContaining("is not an identity service database");
    assertThatThrownBy(() -> SqliteIdentityStorage.openWithoutMigrating(agent))
        .hasMessageContaining("is not an identity service database");
    assertThatThrownBy(() -> SqliteCryptoStorage.openWithoutMigrating(identity))
        .hasMessageContaining("is not a crypto service database");
    assertThatThrownBy(() -> SqliteControlPlaneStorage.openWithoutMigrating(identity))
        .hasMessageContaining("is not a control-plane database");
    SqliteIdentityStorage.openWithoutMigrating(identity).close();
    SqliteControlPlaneStorage.openWithoutMigrating(agent).close();
  }
}
