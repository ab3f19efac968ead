package dev.metacircular.apps.identity;

import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * For tests that start the server the way an operator does: a fresh self-signed certificate for
 * 127.0.0.1 in a test's directory, and the {@code mcias.toml} beside it (database in the same
 * directory, master key from {@link #VAR}).
 */
final class ServerConfigFile {
  static final String VAR = "MCIAS_MASTER_PASSPHRASE";

  final Path dir;
  final Path cert;
  final Path key;

  ServerConfigFile(Path dir) {
    this.dir = dir;
    this.cert = dir.resolve("server.crt");
    this.key = dir.resolve("server.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
  }

  /** Writes {@code mcias.toml}; {@code grpc} is the gRPC address, or null for none. */
  Path write(String listen, String grpc, Path certFile, Path keyFile) throws IOException {
    return Files.writeString(
        dir.resolve("mcias.toml"),
        "[server]\nlisten_addr = \""
            + listen
            + "\"\n"
            + (grpc == null ? "" : "grpc_addr = \"" + grpc + "\"\n")
            + "tls_cert = \""
            + certFile
            + "\"\ntls_key = \""
            + keyFile
            + "\"\n"
            + "[database]\npath = \""
            + dir.resolve("mcias.db")
            + "\"\n"
            + "[tokens]\nissuer = \"https://test.example\"\n"
            + "[master_key]\npassphrase_env = \""
            + VAR
            + "\"\n");
  }

  static McIasConfig load(Path file) {
    return new McIasConfigLoader(Map.of(), List.of()).load(file);
  }
}
