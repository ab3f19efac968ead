package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real identity server (with an admin {@code root}) and a real crypto server delegating to it,
 * both over TLS on free loopback ports, each on its own SQLite file under {@code dir}. Both serve
 * gRPC too ({@code grpc_addr} on a free port), so one set of servers answers either transport.
 */
final class ShellTestServers implements AutoCloseable {
  final TestServer identity;
  final CryptoServer crypto;
  final Path cert;

  ShellTestServers(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("id"));
    identity = TestServer.startWithGrpc(dir.resolve("id"));
    identity.createAccount("root", AccountType.HUMAN, Role.ADMIN);
    cert = identity.dir.resolve("tls.crt");
    Path key = identity.dir.resolve("tls.key");
    Path configFile = dir.resolve("metacrypt.toml");
    Files.writeString(
        configFile,
        "[server]\nlisten_addr = \"127.0.0.1:0\"\ngrpc_addr = \"127.0.0.1:0\"\n"
            + "tls_cert = \""
            + cert
            + "\"\ntls_key = \""
            + key
            + "\"\n"
            + "[database]\npath = \""
            + dir.resolve("metacrypt.db")
            + "\"\n"
            + "[mcias]\nserver_url = \"https://127.0.0.1:"
            + identity.server.port()
            + "\"\n"
            + "ca_cert = \""
            + cert
            + "\"\n"
            + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");
    MetacryptConfig config = new MetacryptConfigLoader(Map.of(), List.of()).load(configFile);
    crypto = CryptoServer.start(config, LocalCrypto.remoteIdentity(config), Clock.systemUTC());
  }

  URI identityUrl() {
    return URI.create("https://127.0.0.1:" + identity.server.port());
  }

  URI cryptoUrl() {
    return URI.create("https://127.0.0.1:" + crypto.port());
  }

  /** The identity service's gRPC door, in the form {@code --transport grpc} takes. */
  URI identityGrpcUrl() {
    return URI.create("https://127.0.0.1:" + identity.server.grpcPort());
  }

  URI cryptoGrpcUrl() {
    return URI.create("https://127.0.0.1:" + crypto.grpcPort());
  }

  /** What {@code mc shell --identity-addr .. --crypto-addr .. --ca-cert ..} connects to. */
  Connection connectBoth() {
    return connectBoth("rest");
  }

  /** The same over {@code --transport rest|grpc}, with that transport's addresses. */
  Connection connectBoth(String transport) {
    ShellCommand command = new ShellCommand(CommandEnvironment.system());
    boolean grpc = transport.equals("grpc");
    command.transport = transport;
    command.identityAddr = grpc ? identityGrpcUrl() : identityUrl();
    command.cryptoAddr = grpc ? cryptoGrpcUrl() : cryptoUrl();
    command.caCert = cert;
    return command.connect();
  }

  @Override
  public void close() {
    try {
      crypto.close();
    } finally {
      identity.close();
    }
  }
}
