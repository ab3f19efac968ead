package dev.metacircular.apps.web;

import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.identity.TestServer;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real crypto server over TLS (REST API and web UI on one port, SQLite in a temporary directory,
 * a fresh uninitialized barrier with a cheap KDF) delegating to a real identity core in the same
 * process, as dev mode wires it. Accounts: {@code root} (admin) and {@code alice} (user), both with
 * {@link TestServer#PASSWORD}.
 */
final class CryptoWebEnvironment implements AutoCloseable {
  static final String SEAL_PASSWORD = "a long seal password";

  final TestServer identity;
  final CryptoServer crypto;
  final Path cert;

  CryptoWebEnvironment(Path dir) {
    try {
      Files.createDirectories(dir.resolve("id"));
      identity = TestServer.start(dir.resolve("id"));
      identity.createAccount("root", AccountType.HUMAN, Role.ADMIN);
      identity.createAccount("alice", AccountType.HUMAN, Role.USER);
      cert = identity.dir.resolve("tls.crt");
      Path key = identity.dir.resolve("tls.key");
      Path configFile = dir.resolve("metacrypt.toml");
      Files.writeString(
          configFile,
          "[server]\nlisten_addr = \"127.0.0.1:0\"\n"
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
              + "\"\nservice_name = \"metacrypt\"\n"
              + "[seal]\nargon2_time = 1\nargon2_memory_kib = 8192\nargon2_threads = 1\n");
      MetacryptConfig config = new MetacryptConfigLoader(Map.of(), List.of()).load(configFile);
      crypto =
          CryptoServer.start(
              config,
              InProcessIdentityProvider.over(identity.server.core(), "metacrypt", List.of()),
              Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "https://127.0.0.1:" + crypto.port();
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
