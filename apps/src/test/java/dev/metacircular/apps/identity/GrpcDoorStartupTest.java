package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity server with {@code grpc_addr}: both doors start, and a busy gRPC port stops both. */
class GrpcDoorStartupTest {
  static final String VAR = "MCIAS_MASTER_PASSPHRASE";

  @TempDir Path dir;
  Path cert;
  Path key;

  @BeforeEach
  void certificate() {
    cert = dir.resolve("server.crt");
    key = dir.resolve("server.key");
    TlsCertificates.writePem(cert, key, TlsCertificates.selfSigned(
        "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
  }

  private Path config(String grpc) throws IOException {
    return Files.writeString(dir.resolve("mcias.toml"),
        "[server]\nlisten_addr = \"127.0.0.1:0\"\ngrpc_addr = \"" + grpc + "\"\n"
            + "tls_cert = \"" + cert + "\"\ntls_key = \"" + key + "\"\n"
            + "[database]\npath = \"" + dir.resolve("mcias.db") + "\"\n"
            + "[tokens]\nissuer = \"https://test.example\"\n"
            + "[master_key]\npassphrase_env = \"" + VAR + "\"\n");
  }

  private static McIasConfig load(Path file) {
    return new McIasConfigLoader(Map.of(), List.of()).load(file);
  }

  @Test
  void bothDoorsStartAndABusyGrpcPortStopsTheServerOnOneLine() throws IOException {
    McIasConfig free = load(config("127.0.0.1:0"));
    try (IdentityServer server = IdentityServer.start(
        free, Map.of(VAR, "the right passphrase"), Clock.systemUTC(), TestServer::cheap)) {
      assertThat(server.grpcPort()).isPositive().isNotEqualTo(server.port());
      assertThat(server.grpcAddress()).isEqualTo("127.0.0.1:" + server.grpcPort());
    }

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      McIasConfig busy = load(config("127.0.0.1:" + taken.getLocalPort()));
      assertThatThrownBy(() -> IdentityServer.start(
              busy, Map.of(VAR, "the right passphrase"), Clock.systemUTC(), TestServer::cheap))
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      Run.Result run = Run.mc(Map.of(VAR, "the right passphrase"),
          "mcias", "server", "--config", dir.resolve("mcias.toml").toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).hasSize(1).allMatch(l -> l.startsWith("mc: "));
      assertThat(run.err()).contains(Integer.toString(taken.getLocalPort()));
    }
    // Nothing was left open by the failed starts: the database opens again at once.
    try (IdentityServer again = IdentityServer.start(
        free, Map.of(VAR, "the right passphrase"), Clock.systemUTC(), TestServer::cheap)) {
      assertThat(again.grpcPort()).isPositive();
    }
  }
}
