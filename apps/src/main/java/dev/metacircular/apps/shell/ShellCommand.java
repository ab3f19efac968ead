package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.KeepsStdoutForOutput;
import dev.metacircular.apps.config.ConfigKind;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.identity.LocalIdentity;
import dev.metacircular.domain.embedded.InProcessCryptoClient;
import dev.metacircular.domain.embedded.InProcessIdentityClient;
import dev.metacircular.grpc.GrpcCryptoClient;
import dev.metacircular.grpc.GrpcEndpoint;
import dev.metacircular.grpc.GrpcIdentityClient;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.SessionClient;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.rest.OperationTrees;
import dev.metacircular.rest.client.RestCryptoClient;
import dev.metacircular.rest.client.RestEndpoint;
import dev.metacircular.rest.client.RestIdentityClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.WriterOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mc shell}: the interactive admin shell, online over REST or gRPC with a bearer token, or
 * {@code --offline} on the database files like the reference's offline tool.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "The interactive admin shell for the identity and crypto services (see docs/shell.md).",
      "Online: --addr URL (the service is detected), or --identity-addr and --crypto-addr to"
          + " drive both from one shell with one login; --transport grpc talks gRPC to the"
          + " services' grpc_addr ports instead of REST.",
      "Offline: --offline --config FILE (repeat it for mcias.toml and metacrypt.toml) works on"
          + " the database files directly."
    })
public final class ShellCommand implements Callable<Integer>, KeepsStdoutForOutput {
  /** The actor of every audit entry an offline shell writes. */
  static final Caller OFFLINE_TOOL = Caller.offlineTool("mc-shell");

  private final CommandEnvironment environment;

  @Option(
      names = "--addr",
      paramLabel = "URL",
      description = "One service's base URL; which one is asked from it (GET /v1/status).")
  URI addr;

  @Option(
      names = "--service",
      paramLabel = "mcias|metacrypt",
      description = "What --addr is, without asking it.")
  String service;

  @Option(
      names = "--identity-addr",
      paramLabel = "URL",
      description = "The identity service's base URL.")
  URI identityAddr;

  @Option(
      names = "--crypto-addr",
      paramLabel = "URL",
      description = "The crypto service's base URL.")
  URI cryptoAddr;

  @Option(
      names = "--transport",
      paramLabel = "rest|grpc",
      description = "rest (default) or grpc: the addresses are then the services' grpc_addr ports.")
  String transport;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "PEM CA certificate(s) to trust for the services (default: the JDK's trust store).")
  Path caCert;

  @Option(names = "--offline", description = "Work on the database files named by --config.")
  boolean offline;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "With --offline: mcias.toml and/or metacrypt.toml (repeatable).")
  List<Path> configs = new ArrayList<>();

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "History file (default: $XDG_CONFIG_HOME or ~/.config, metacircular/shell_history).")
  Path history;

  @Option(names = "--no-history", description = "Keep no history file.")
  boolean noHistory;

  ShellCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    try (Connection connection = connect();
        Terminal terminal = terminal()) {
      return new Shell(connection, terminal, historyFile(), environment.env()).run();
    }
  }

  Connection connect() {
    if (offline) {
      if (addr != null || identityAddr != null || cryptoAddr != null) {
        throw new IllegalArgumentException(
            "--offline works on files: give --config, not an address");
      }
      if (transport != null) {
        throw new IllegalArgumentException(
            "--transport is for a shell connected to services, not --offline");
      }
      return offlineConnection();
    }
    if (!configs.isEmpty()) {
      throw new IllegalArgumentException("--config is for --offline; online, give --addr URL");
    }
    Transport door = transport();
    // One token per service: each accepts only tokens of its own audience (DESIGN.md §8).
    BearerToken identityToken = new BearerToken();
    BearerToken cryptoToken = new BearerToken();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      IdentityClient identity = null;
      CryptoClient crypto = null;
      if (identityAddr != null) {
        identity = door.identity(identityAddr, caCert, identityToken, opened);
      }
      if (cryptoAddr != null) {
        crypto = door.crypto(cryptoAddr, caCert, cryptoToken, opened);
      }
      if (addr != null) {
        CryptoClient candidate = door.crypto(addr, caCert, cryptoToken, opened);
        if (isCrypto(candidate)) {
          if (crypto != null) {
            throw new IllegalArgumentException(
                "--addr and --crypto-addr both name a crypto service");
          }
          crypto = candidate;
        } else {
          if (identity != null) {
            throw new IllegalArgumentException(
                "--addr and --identity-addr both name an identity service");
          }
          identity = door.identity(addr, caCert, identityToken, opened);
        }
      }
      if (identity == null && crypto == null) {
        throw new IllegalArgumentException(
            "give --addr URL (or --identity-addr / --crypto-addr), or --offline --config FILE");
      }
      // With both services one login command logs in to each (a token for each audience).
      SessionClient session =
          identity != null && crypto != null
              ? new BothServicesSession((SessionClient) identity, (SessionClient) crypto)
              : identity != null ? (SessionClient) identity : (SessionClient) crypto;
      return new Connection(identity, crypto, session, false, opened);
    } catch (RuntimeException e) {
      new Connection(null, null, null, false, opened).close();
      throw e;
    }
  }

  private Transport transport() {
    switch (transport == null ? "rest" : transport) {
      case "rest":
        return Transport.REST;
      case "grpc":
        return Transport.GRPC;
      default:
        throw new IllegalArgumentException(
            "--transport must be rest or grpc, got '" + transport + "'");
    }
  }

  /** How an online shell reaches the services: the same client interfaces over either door. */
  private enum Transport {
    REST {
      @Override
      IdentityClient identity(URI url, Path ca, BearerToken token, List<AutoCloseable> opened) {
        return new RestIdentityClient(RestEndpoint.of(url, ca, token));
      }

      @Override
      CryptoClient crypto(URI url, Path ca, BearerToken token, List<AutoCloseable> opened) {
        return new RestCryptoClient(RestEndpoint.of(url, ca, token));
      }
    },
    GRPC {
      @Override
      IdentityClient identity(URI url, Path ca, BearerToken token, List<AutoCloseable> opened) {
        GrpcEndpoint endpoint = GrpcEndpoint.of(url, ca, token);
        opened.add(endpoint);
        return new GrpcIdentityClient(endpoint);
      }

      @Override
      CryptoClient crypto(URI url, Path ca, BearerToken token, List<AutoCloseable> opened) {
        GrpcEndpoint endpoint = GrpcEndpoint.of(url, ca, token);
        opened.add(endpoint);
        return new GrpcCryptoClient(endpoint, OperationTrees.INSTANCE);
      }
    };

    abstract IdentityClient identity(
        URI url, Path ca, BearerToken token, List<AutoCloseable> opened);

    abstract CryptoClient crypto(URI url, Path ca, BearerToken token, List<AutoCloseable> opened);
  }

  private boolean isCrypto(CryptoClient candidate) {
    if (service != null) {
      switch (service) {
        case "mcias":
        case "identity":
          return false;
        case "metacrypt":
        case "crypto":
          return true;
        default:
          throw new IllegalArgumentException(
              "--service must be mcias or metacrypt, got '" + service + "'");
      }
    }
    try {
      candidate.status();
      return true;
    } catch (DomainException.NotFound e) {
      return false; // the identity service has no /v1/status (over gRPC: no SystemService)
    }
  }

  private Connection offlineConnection() {
    if (configs.isEmpty()) {
      throw new IllegalArgumentException(
          "--offline needs --config FILE (mcias.toml and/or metacrypt.toml)");
    }
    List<AutoCloseable> opened = new ArrayList<>();
    IdentityClient identity = null;
    CryptoClient crypto = null;
    try {
      for (Path file : configs) {
        if (ConfigKind.isIdentity(file)) {
          if (identity != null) {
            throw new IllegalArgumentException("two identity configurations given");
          }
          LocalIdentity local =
              LocalIdentity.open(
                  McIasConfigLoader.standard(environment.env()).load(file), environment.env());
          opened.add(local);
          identity = new InProcessIdentityClient(local.core(), OFFLINE_TOOL);
        } else {
          if (crypto != null) {
            throw new IllegalArgumentException("two crypto service configurations given");
          }
          LocalCrypto local =
              LocalCrypto.open(
                  MetacryptConfigLoader.standard(environment.env()).load(file),
                  new OfflineIdentityRefusal(),
                  Clock.systemUTC());
          opened.add(local);
          crypto = new InProcessCryptoClient(local.core(), OFFLINE_TOOL);
        }
      }
      return new Connection(identity, crypto, null, true, opened);
    } catch (RuntimeException e) {
      new Connection(null, null, null, true, opened).close();
      throw e;
    }
  }

  private Terminal terminal() {
    try {
      if (environment.terminal().interactive()) {
        return TerminalBuilder.builder().system(true).name("mc-shell").build();
      }
      // Not a console (a pipe, a script, a test): a dumb terminal over the given streams.
      // No pump thread reading ahead, no echo: lines are read as the shell asks for them.
      return new DumbTerminal(
          "mc-shell",
          Terminal.TYPE_DUMB,
          environment.terminal().in(),
          new WriterOutputStream(environment.terminal().out(), StandardCharsets.UTF_8),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal", e);
    }
  }

  private Path historyFile() {
    if (noHistory) {
      return null;
    }
    if (history != null) {
      return history;
    }
    String xdg = environment.env().get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(
                environment.env().getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return base.resolve("metacircular").resolve("shell_history");
  }
}
