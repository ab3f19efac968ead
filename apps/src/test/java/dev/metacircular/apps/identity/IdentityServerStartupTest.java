package dev.metacircular.apps.identity;

import static dev.metacircular.apps.identity.ServerConfigFile.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.identity.MasterKeyException;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the server fails to start: one clear message, nothing left open, nothing written. */
class IdentityServerStartupTest {
  static final String VAR = ServerConfigFile.VAR;

  @TempDir Path dir;
  ServerConfigFile files;
  Path cert;
  Path key;

  @BeforeEach
  void certificate() {
    files = new ServerConfigFile(dir);
    cert = files.cert;
    key = files.key;
  }

  private Path config(String listen, Path certFile, Path keyFile) throws IOException {
    return files.write(listen, null, certFile, keyFile);
  }

  @Test
  void aWrongPassphraseFailsAndWritesNothing() throws IOException {
    McIasConfig config = load(config("127.0.0.1:0", cert, key));
    try (IdentityServer first =
        IdentityServer.start(
            config,
            Map.of(VAR, "the right passphrase"),
            java.time.Clock.systemUTC(),
            TestServer::cheap)) {
      assertThat(first.port()).isPositive();
    }
    long auditBefore = auditCount();

    assertThatThrownBy(
            () ->
                IdentityServer.start(
                    config,
                    Map.of(VAR, "a wrong passphrase"),
                    java.time.Clock.systemUTC(),
                    TestServer::cheap))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("wrong passphrase");

    assertThat(auditCount()).isEqualTo(auditBefore);
    // Nothing was left open: the right passphrase starts the server again at once.
    try (IdentityServer again =
        IdentityServer.start(
            config,
            Map.of(VAR, "the right passphrase"),
            java.time.Clock.systemUTC(),
            TestServer::cheap)) {
      assertThat(again.port()).isPositive();
    }
  }

  @Test
  void aMissingOrMismatchedCertificateIsNamed() throws IOException {
    Path otherKey = dir.resolve("other.key");
    TlsCertificates.writePem(
        dir.resolve("other.crt"),
        otherKey,
        TlsCertificates.selfSigned("other", List.of("other"), List.of(), Duration.ofDays(1)));
    Map<String, String> env = Map.of(VAR, "the right passphrase");

    McIasConfig missing = load(config("127.0.0.1:0", dir.resolve("absent.crt"), key));
    assertThatThrownBy(
            () ->
                IdentityServer.start(missing, env, java.time.Clock.systemUTC(), TestServer::cheap))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config: server.tls_cert "
                + dir.resolve("absent.crt")
                + " does not exist or is not readable");

    McIasConfig mismatched = load(config("127.0.0.1:0", cert, otherKey));
    assertThatThrownBy(
            () ->
                IdentityServer.start(
                    mismatched, env, java.time.Clock.systemUTC(), TestServer::cheap))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: server.tls_key")
        .hasMessageContaining("does not match");
  }

  @Test
  void aBadCertificateFailsBeforeTheDatabaseIsCreated() throws IOException {
    McIasConfig missing = load(config("127.0.0.1:0", dir.resolve("absent.crt"), key));

    assertThatThrownBy(
            () ->
                IdentityServer.start(
                    missing,
                    Map.of(VAR, "the right passphrase"),
                    java.time.Clock.systemUTC(),
                    TestServer::cheap))
        .isInstanceOf(ConfigException.class);
    assertThat(missing.databasePath()).doesNotExist();
  }

  @Test
  void theServerCommandReportsStartFailuresOnOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path file = config("127.0.0.1:" + taken.getLocalPort(), cert, key);

      Run.Result busy =
          Run.mc(
              Map.of(VAR, "the right passphrase"), "mcias", "server", "--config", file.toString());
      Run.Result noKey = Run.mc(Map.of(), "mcias", "server", "--config", file.toString());

      assertThat(busy.exitCode()).isEqualTo(1);
      assertThat(busy.err().lines()).hasSize(1).allMatch(l -> l.startsWith("mc: "));
      assertThat(busy.err()).contains(Integer.toString(taken.getLocalPort()));
      assertThat(noKey.exitCode()).isEqualTo(1);
      assertThat(noKey.err().trim())
          .isEqualTo("mc: environment variable MCIAS_MASTER_PASSPHRASE is not set");
    }
  }

  private long auditCount() {
    try (SqliteIdentityStorage db =
        SqliteIdentityStorage.openWithoutMigrating(dir.resolve("mcias.db"))) {
      return db.audit().tail(10_000).size();
    }
  }
}
