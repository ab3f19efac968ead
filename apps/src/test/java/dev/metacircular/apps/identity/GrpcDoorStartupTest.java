package dev.metacircular.apps.identity;

import static dev.metacircular.apps.identity.ServerConfigFile.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.apps.cli.Run;
import dev.metacircular.apps.config.McIasConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity server with {@code grpc_addr}: both doors start, and a busy gRPC port stops both.
 */
class GrpcDoorStartupTest {
  static final String VAR = ServerConfigFile.VAR;

  @TempDir Path dir;
  ServerConfigFile files;

  @BeforeEach
  void certificate() {
    files = new ServerConfigFile(dir);
  }

  private Path config(String grpc) throws IOException {
    return files.write("127.0.0.1:0", grpc, files.cert, files.key);
  }

  @Test
  void bothDoorsStartAndABusyGrpcPortStopsTheServerOnOneLine() throws IOException {
    McIasConfig free = load(config("127.0.0.1:0"));
    try (IdentityServer server =
        IdentityServer.start(
            free, Map.of(VAR, "the right passphrase"), Clock.systemUTC(), TestServer::cheap)) {
      assertThat(server.grpcPort()).isPositive().isNotEqualTo(server.port());
      assertThat(server.grpcAddress()).isEqualTo("127.0.0.1:" + server.grpcPort());
    }

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      McIasConfig busy = load(config("127.0.0.1:" + taken.getLocalPort()));
      assertThatThrownBy(
              () ->
                  IdentityServer.start(
                      busy,
                      Map.of(VAR, "the right passphrase"),
                      Clock.systemUTC(),
                      TestServer::cheap))
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      Run.Result run =
          Run.mc(
              Map.of(VAR, "the right passphrase"),
              "mcias",
              "server",
              "--config",
              dir.resolve("mcias.toml").toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).hasSize(1).allMatch(l -> l.startsWith("mc: "));
      assertThat(run.err()).contains(Integer.toString(taken.getLocalPort()));
    }
    // Nothing was left open by the failed starts: the database opens again at once.
    try (IdentityServer again =
        IdentityServer.start(
            free, Map.of(VAR, "the right passphrase"), Clock.systemUTC(), TestServer::cheap)) {
      assertThat(again.grpcPort()).isPositive();
    }
  }
}
