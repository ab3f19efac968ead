package dev.metacircular.apps.dev;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.metacircular.apps.config.MasterKeyFile;
import dev.metacircular.apps.config.McIasConfig;
import dev.metacircular.apps.config.McIasConfigLoader;
import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.apps.config.MetacryptConfigLoader;
import dev.metacircular.apps.crypto.CryptoServer;
import dev.metacircular.apps.crypto.LocalCrypto;
import dev.metacircular.apps.identity.IdentityServer;
import dev.metacircular.apps.service.BeforeListening;
import dev.metacircular.apps.shell.OfflineIdentityRefusal;
import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.SsoClientRegistration;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.seal.SealState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The platform in dev mode, like {@code vault server -dev}: everything it needs is generated once
 * under a data directory (a random master key file, the databases, a config file for the offline
 * tool), an {@code admin} account is created on the first start with a random password shown
 * exactly once, and the servers listen on 127.0.0.1 only.
 *
 * <p>Both services serve TLS certificates from the platform's own CA: the crypto service's {@code
 * pki} mount ({@link DevCa}), issuer {@code infra}; its root is written to {@code ca.pem} for
 * clients to trust. The CA lives in the crypto service, which needs a certificate to listen: on the
 * first start (or when a certificate file is missing) its core is opened locally, before any
 * server, to mount the CA and issue both certificates. Once the servers run, a {@link
 * CertificateRenewer} per service renews its certificate at two thirds of its life and the
 * listeners serve the new one from the next handshake on.
 *
 * <p>Not for production: the master key sits next to the database it protects.
 */
public final class DevPlatform implements AutoCloseable {
  static final String ADMIN = "admin";
  static final Caller CALLER = Caller.offlineTool("mc-dev");
  private static final String LOOPBACK = "127.0.0.1";

  static final String TRANSIT_MOUNT = "transit";
  static final String SSO_CLIENT_ID = "metacrypt";
  static final String SSO_SECRET_FILE = "metacrypt-sso.secret";

  /** The dev CA's root certificate, under the data directory: what clients trust. */
  public static final String CA_FILE = "ca.pem";

  private final IdentityServer server;
  private final CryptoServer crypto;
  private final List<CertificateRenewer> renewers;

  private DevPlatform(
      IdentityServer server, CryptoServer crypto, List<CertificateRenewer> renewers) {
    this.server = server;
    this.crypto = crypto;
    this.renewers = renewers;
  }

  /**
   * What to start. {@code dataDir} is shown to the user as given; port 0 picks a free one. The
   * identity service listens on {@code port} (HTTPS) and {@code grpcPort} (gRPC), the crypto
   * service on {@code cryptoPort} and {@code cryptoGrpcPort}.
   */
  public record Options(
      Path dataDir,
      int port,
      int cryptoPort,
      int grpcPort,
      int cryptoGrpcPort,
      UnaryOperator<IdentitySettings> tuning,
      Clock clock) {
    public Options(Path dataDir, int port) {
      this(dataDir, port, port == 0 ? 0 : port + 1, UnaryOperator.identity(), Clock.systemUTC());
    }

    /** gRPC on each HTTPS port + 1000 (8443 → 9443, 8444 → 9444), or a free one for port 0. */
    public Options(
        Path dataDir,
        int port,
        int cryptoPort,
        UnaryOperator<IdentitySettings> tuning,
        Clock clock) {
      this(dataDir, port, cryptoPort, grpcBeside(port), grpcBeside(cryptoPort), tuning, clock);
    }

    private static int grpcBeside(int httpsPort) {
      return httpsPort == 0 || httpsPort + GRPC_PORT_OFFSET > 65_535
          ? 0
          : httpsPort + GRPC_PORT_OFFSET;
    }
  }

  /** Where dev mode puts each service's gRPC port: its HTTPS port plus this. */
  public static final int GRPC_PORT_OFFSET = 1000;

  /** Prepares the data directory, starts the server and prints how to use it to {@code out}. */
  public static DevPlatform start(Options options, PrintWriter out) {
    Path shown = options.dataDir();
    Path dir = shown.toAbsolutePath().normalize();
    try {
      createPrivateDirectory(dir);
      Path tls = dir.resolve("tls");
      createPrivateDirectory(tls);
      Path caFile = dir.resolve(CA_FILE);
      Path passwordFile = dir.resolve("seal.password");
      Path masterKey = dir.resolve("master.key");
      ensureMasterKey(masterKey);
      int port = options.port() == 0 ? freeLoopbackPort() : options.port();
      int cryptoPort = options.cryptoPort() == 0 ? freeLoopbackPort() : options.cryptoPort();
      Path configFile = dir.resolve("mcias.toml");
      Path cert = tls.resolve("identity.crt");
      Path key = tls.resolve("identity.key");
      writeConfig(
          configFile, port, options.grpcPort(), cert, key, dir.resolve("mcias.db"), masterKey);
      McIasConfig config = new McIasConfigLoader(Map.of(), List.of()).load(configFile);
      Path ssoSecret = dir.resolve(SSO_SECRET_FILE);
      Path cryptoConfigFile = dir.resolve("metacrypt.toml");
      writeCryptoConfig(
          cryptoConfigFile,
          cryptoPort,
          options.cryptoGrpcPort(),
          tls.resolve("crypto.crt"),
          tls.resolve("crypto.key"),
          dir.resolve("metacrypt.db"),
          port,
          ssoSecret,
          caFile);
      MetacryptConfig cryptoConfig =
          new MetacryptConfigLoader(Map.of(), List.of()).load(cryptoConfigFile);
      Clock clock = options.clock();
      List<ServerCertificate> certificates =
          List.of(
              new ServerCertificate("identity", cert, key),
              new ServerCertificate("crypto", cryptoConfig.tlsCert(), cryptoConfig.tlsKey()));
      if (!certificates.stream().allMatch(ServerCertificate::present)) {
        issueBeforeListening(cryptoConfig, certificates, clock, passwordFile, caFile, out, shown);
      }

      IdentityServer server = IdentityServer.start(config, Map.of(), clock, options.tuning());
      CryptoServer crypto = null;
      List<CertificateRenewer> renewers = new java.util.ArrayList<>();
      UnsealedBeforeListening unsealed =
          new UnsealedBeforeListening(passwordFile, caFile, out, shown);
      try {
        Account admin = ensureAdmin(server.core().accounts(), out, shown);
        registerSsoClient(
            server.core().ssoClients(),
            "https://localhost:" + cryptoPort + "/sso/callback",
            ssoSecret);
        crypto =
            CryptoServer.start(
                cryptoConfig,
                InProcessIdentityProvider.over(
                    server.core(), MetacryptConfigLoader.DEFAULT_SERVICE_NAME, List.of()),
                clock,
                List.of(unsealed));
        CryptoCore core = crypto.core();
        for (ServerCertificate certificate : certificates) {
          renewers.add(certificate.renewer(() -> DevCa.issueLocalhost(core), clock).start());
        }
        if (unsealed.newRoot()) {
          // The CA was unmounted since the certificates on disk were issued: the listeners took
          // them, but ca.pem now holds the new root, so both are issued again before anyone is
          // told the servers are up (the next handshake serves them).
          renewers.forEach(CertificateRenewer::renewNow);
        }
        printWelcome(out, shown, server, crypto, admin);
      } catch (RuntimeException e) {
        renewers.forEach(CertificateRenewer::close);
        if (crypto != null) {
          crypto.close();
        }
        server.close();
        throw e;
      }
      return new DevPlatform(server, crypto, List.copyOf(renewers));
    } catch (IOException e) {
      throw new UncheckedIOException("dev: cannot prepare " + dir, e);
    }
  }

  public int port() {
    return server.port();
  }

  public int cryptoPort() {
    return crypto.port();
  }

  /** The identity service's gRPC port. */
  public int grpcPort() {
    return server.grpcPort();
  }

  /** The crypto service's gRPC port. */
  public int cryptoGrpcPort() {
    return crypto.grpcPort();
  }

  /**
   * Renews both services' certificates now (the CA's role decides their lifetime), as the renewers
   * would at two thirds of their life; returns the new leaf certificates, identity's first.
   */
  List<java.security.cert.X509Certificate> renewCertificatesNow() {
    return renewers.stream().map(CertificateRenewer::renewNow).toList();
  }

  /** The identity core (tests create accounts and service tokens through it). */
  dev.metacircular.domain.identity.IdentityCore identityCore() {
    return server.core();
  }

  /** The crypto core serving the CA (tests adjust the dev role through it). */
  CryptoCore cryptoCore() {
    return crypto.core();
  }

  /**
   * One service's certificate files.
   *
   * @param server the service, in the log
   */
  private record ServerCertificate(String server, Path cert, Path key) {
    boolean present() {
      return Files.isRegularFile(cert) && Files.isRegularFile(key);
    }

    CertificateRenewer renewer(
        java.util.function.Supplier<dev.metacircular.ports.pki.in.IssuedCertificate> ca,
        Clock clock) {
      return new CertificateRenewer(server, ca, cert, key, clock);
    }
  }

  /**
   * The first start, or a certificate file is missing: the servers cannot listen without their
   * certificates, and the CA that issues them lives in the crypto service. So its core is opened
   * here, in this process and without any door (no login can reach it), initialized or unsealed,
   * given its CA, and asked for both certificates; it is closed (sealed) again before the servers
   * start.
   */
  private static void issueBeforeListening(
      MetacryptConfig cryptoConfig,
      List<ServerCertificate> certificates,
      Clock clock,
      Path passwordFile,
      Path caFile,
      PrintWriter out,
      Path shown)
      throws IOException {
    try (LocalCrypto local = LocalCrypto.open(cryptoConfig, new OfflineIdentityRefusal(), clock)) {
      CryptoCore core = local.core();
      openBarrier(core, passwordFile, out, shown);
      DevCa.ensure(core);
      DevCa.writeRoot(core, caFile);
      for (ServerCertificate certificate : certificates) {
        try (CertificateRenewer once =
            certificate.renewer(() -> DevCa.issueLocalhost(core), clock)) {
          once.renewNow();
        }
      }
    }
  }

  @Override
  public void close() {
    renewers.forEach(CertificateRenewer::close);
    try {
      crypto.close();
    } finally {
      server.close();
    }
  }

  /**
   * Dev mode's step in the crypto service's composition: the barrier is opened before any door
   * listens, so the first answer a client gets after a (re)start is already {@code unsealed}, as
   * the banner says.
   */
  private static final class UnsealedBeforeListening extends AbstractModule {
    private final Path passwordFile;
    private final Path caFile;
    private final PrintWriter out;
    private final Path shown;
    private volatile boolean newRoot;

    UnsealedBeforeListening(Path passwordFile, Path caFile, PrintWriter out, Path shown) {
      this.passwordFile = passwordFile;
      this.caFile = caFile;
      this.out = out;
      this.shown = shown;
    }

    @ProvidesIntoSet
    BeforeListening openBarrier(CryptoCore core) {
      return () -> {
        try {
          DevPlatform.openBarrier(core, passwordFile, out, shown);
          // Every start: the CA is back if it was unmounted, and ca.pem if it was removed.
          newRoot = DevCa.ensure(core);
          DevCa.writeRoot(core, caFile);
        } catch (IOException e) {
          throw new UncheckedIOException("dev: cannot open the crypto service's barrier", e);
        }
      };
    }

    /** Whether this start mounted the CA anew (a new root) before the listeners opened. */
    boolean newRoot() {
      return newRoot;
    }
  }

  /**
   * First start: generates the seal password (kept in {@code seal.password} next to the database,
   * like the master key: dev mode only), initializes the barrier, mounts a transit engine and
   * prints the password once. Later starts unseal with the kept password.
   */
  private static void openBarrier(CryptoCore crypto, Path passwordFile, PrintWriter out, Path shown)
      throws IOException {
    var seal = crypto.seal();
    if (seal.state() == SealState.UNINITIALIZED) {
      char[] password = DevPasswords.generate();
      java.nio.ByteBuffer encoded =
          StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
      byte[] bytes = new byte[encoded.remaining()]; // never a String: it could not be wiped
      encoded.get(bytes);
      if (encoded.hasArray()) {
        Arrays.fill(encoded.array(), (byte) 0);
      }
      try {
        Files.deleteIfExists(passwordFile);
        Files.createFile(
            passwordFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(passwordFile, bytes);
        seal.initialize(password.clone());
        crypto.mounts().mount(CALLER, TRANSIT_MOUNT, "transit", Map.of());
        String rule = "=".repeat(76);
        out.println();
        out.println(rule);
        out.println("  Crypto service initialized and unsealed. The seal password is shown ONCE");
        out.println(
            "  (dev mode keeps a copy in "
                + shown.resolve("seal.password")
                + " to unseal at restart).");
        out.println();
        out.print("    seal password: ");
        out.write(password);
        out.println();
        out.println(rule);
      } finally {
        Arrays.fill(password, '\0');
        Arrays.fill(bytes, (byte) 0);
      }
      return;
    }
    if (!Files.isRegularFile(passwordFile)) {
      throw new IllegalStateException(
          "dev: "
              + shown.resolve("seal.password")
              + " is missing, so the crypto service cannot be unsealed; put the seal password back"
              + " in that file, or remove "
              + shown.resolve("metacrypt.db")
              + " to start over");
    }
    byte[] bytes = Files.readAllBytes(passwordFile);
    java.nio.CharBuffer decoded = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes));
    int length = decoded.remaining();
    while (length > 0 && (decoded.get(length - 1) == '\n' || decoded.get(length - 1) == '\r')) {
      length--; // an editor may have added a line end
    }
    char[] password = new char[length];
    decoded.get(password);
    try {
      seal.unseal(password, "127.0.0.1");
    } catch (DomainException.Unauthenticated e) {
      throw new IllegalStateException(
          "dev: the password in "
              + shown.resolve("seal.password")
              + " no longer unseals the crypto service (was it rekeyed?); write the current seal"
              + " password into that file, or remove "
              + shown.resolve("metacrypt.db")
              + " to start over");
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(password, '\0');
      if (decoded.hasArray()) {
        Arrays.fill(decoded.array(), '\0');
      }
    }
  }

  /**
   * Registers the crypto service as the SSO client {@code metacrypt} for its {@code /sso/callback}
   * (or, on later starts, points the existing registration at the current port), with a fresh
   * secret written to {@code secretFile} (mode 0600) on every start, so SSO works out of the box.
   */
  private static void registerSsoClient(
      SsoClientAdminUseCase clients, String redirectUri, Path secretFile) throws IOException {
    SsoClientRegistration registration;
    try {
      clients.get(CALLER, SSO_CLIENT_ID);
      clients.update(CALLER, SSO_CLIENT_ID, SSO_CLIENT_ID, List.of(redirectUri));
      registration = clients.rotateSecret(CALLER, SSO_CLIENT_ID);
    } catch (DomainException.NotFound e) {
      registration = clients.register(CALLER, SSO_CLIENT_ID, SSO_CLIENT_ID, List.of(redirectUri));
    }
    char[] secret = registration.clientSecret();
    byte[] bytes = new byte[secret.length];
    for (int i = 0; i < secret.length; i++) {
      bytes[i] = (byte) secret[i]; // base64url: ASCII only
    }
    try {
      Files.deleteIfExists(secretFile);
      Files.createFile(
          secretFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(secretFile, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      registration.destroy();
    }
  }

  /** Creates the admin on the first start (printing its password once); returns its id. */
  private static Account ensureAdmin(AccountUseCase accounts, PrintWriter out, Path shown) {
    try {
      Account existing = accounts.getByUsername(CALLER, ADMIN);
      out.println();
      out.println("The admin account already exists (its password was shown on the first start).");
      out.println("Forgot it? Set a new one with:");
      out.println(
          "  ./mc mcias db --config "
              + shown.resolve("mcias.toml")
              + " account set-password --id "
              + existing.id());
      return existing;
    } catch (DomainException.NotFound e) {
      char[] password = DevPasswords.generate();
      try {
        Account admin =
            accounts.create(
                CALLER,
                new CreateAccountCommand(ADMIN, AccountType.HUMAN, password, Set.of(Role.ADMIN)));
        String rule = "=".repeat(76);
        out.println();
        out.println(rule);
        out.println("  Admin account created. The password is shown ONCE; store it now.");
        out.println();
        out.println("    username: " + ADMIN);
        out.print("    password: ");
        out.write(password);
        out.println();
        out.println();
        out.println("  Reset it later with:");
        out.println(
            "    ./mc mcias db --config "
                + shown.resolve("mcias.toml")
                + " account set-password --id "
                + admin.id());
        out.println(rule);
        return admin;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  private static void printWelcome(
      PrintWriter out, Path shown, IdentityServer server, CryptoServer crypto, Account admin) {
    String base = "https://" + LOOPBACK + ":" + server.port();
    String cryptoBase = "https://" + LOOPBACK + ":" + crypto.port();
    Path cacert = shown.resolve(CA_FILE);
    out.println();
    out.println("Metacircular dev mode: NOT for production (the master key file sits next to the");
    out.println("database in " + shown + ").");
    out.println();
    out.println(
        "  TLS:          certificates from the dev CA (mount \""
            + DevCa.MOUNT
            + "\", issuer infra), renewed"
            + " while running; trust its root: "
            + cacert);
    out.println();
    out.println("  Identity API: " + base + "/v1/");
    // localhost, not the loopback address: SSO redirect URIs and passkeys are bound to the name.
    out.println(
        "  Identity web: https://localhost:"
            + server.port()
            + "/ (log in as "
            + admin.username()
            + "; profile, TOTP, passkeys, admin pages)");
    out.println("  Health:       " + base + "/v1/health");
    out.println("  Try:          curl --cacert " + cacert + " " + base + "/v1/health");
    out.println(
        "  Log in:       curl --cacert "
            + cacert
            + " -H 'Content-Type: application/json'"
            + " -d '{\"username\":\""
            + admin.username()
            + "\",\"password\":\"...\"}' "
            + base
            + "/v1/auth/login");
    out.println(
        "  Offline tool: ./mc mcias db --config " + shown.resolve("mcias.toml") + " account list");
    out.println(
        "  Identity gRPC: "
            + server.grpcAddress()
            + " (metacircular.mcias.v1, same"
            + " certificate; see docs/grpc.md)");
    out.println();
    out.println(
        "  Crypto API:   "
            + cryptoBase
            + "/v1/ (unsealed; a transit engine is mounted at"
            + " \""
            + TRANSIT_MOUNT
            + "\")");
    out.println(
        "  Crypto web:   https://localhost:"
            + crypto.port()
            + "/ (log in as "
            + admin.username()
            + ", or Sign in with MCIAS)");
    out.println("  Status:       curl --cacert " + cacert + " " + cryptoBase + "/v1/status");
    out.println(
        "  Crypto gRPC:  "
            + crypto.grpcAddress()
            + " (metacircular.metacrypt.v1, same"
            + " certificate)");
    out.println(
        "  Log in:       curl --cacert "
            + cacert
            + " -H 'Content-Type: application/json'"
            + " -d '{\"username\":\""
            + admin.username()
            + "\",\"password\":\"...\"}' "
            + cryptoBase
            + "/v1/auth/login");
    out.println(
        "  Create a key: curl --cacert "
            + cacert
            + " -H 'Authorization: Bearer TOKEN'"
            + " -H 'Content-Type: application/json' -d"
            + " '{\"mount\":\"transit\",\"operation\":\"create-key\",\"data\":{\"name\":\"k\","
            + "\"type\":\"aes256-gcm\"}}' "
            + cryptoBase
            + "/v1/engine/request");
    out.println();
    out.println("  Stop:         Ctrl-C");
    out.println();
    out.flush();
  }

  private static void ensureMasterKey(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    byte[] key = SecureRandoms.bytes(MasterKeyFile.KEY_BYTES);
    try {
      MasterKeyFile.create(file, key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Rewritten on every start: the port may change, and the issuer names it. Paths are absolute so
   * the offline tool works from any directory.
   */
  private static void writeConfig(
      Path file, int port, int grpcPort, Path cert, Path key, Path database, Path masterKey)
      throws IOException {
    String toml =
        "# Generated by ./mc dev; rewritten on every start. Not for production.\n"
            + "# Use with: ./mc mcias db --config "
            + file
            + " account list\n\n"
            + serverAndDatabase(port, grpcPort, cert, key, database)
            + "[tokens]\n"
            + "issuer = "
            + quote("https://localhost:" + port)
            + "\n\n"
            + "# Passkeys are bound to the host name: open the pages at https://localhost:"
            + port
            + "\n"
            + "[webauthn]\n"
            + "rp_id   = \"localhost\"\n"
            + "origins = ["
            + quote("https://localhost:" + port)
            + "]\n\n"
            + "[master_key]\n"
            + "keyfile = "
            + quote(masterKey.toString())
            + "\n";
    Files.writeString(file, toml);
    restrictToOwner(file);
  }

  /** The {@code [server]} and {@code [database]} sections both services' configs share. */
  private static String serverAndDatabase(
      int port, int grpcPort, Path cert, Path key, Path database) {
    return "[server]\n"
        + "listen_addr = "
        + quote(LOOPBACK + ":" + port)
        + "\n"
        + "grpc_addr   = "
        + quote(LOOPBACK + ":" + grpcPort)
        + "\n"
        + "tls_cert    = "
        + quote(cert.toString())
        + "\n"
        + "tls_key     = "
        + quote(key.toString())
        + "\n\n"
        + "[database]\n"
        + "path = "
        + quote(database.toString())
        + "\n\n";
  }

  /** The crypto service's config, rewritten on every start like the identity service's. */
  private static void writeCryptoConfig(
      Path file,
      int port,
      int grpcPort,
      Path cert,
      Path key,
      Path database,
      int identityPort,
      Path ssoSecret,
      Path caFile)
      throws IOException {
    String toml =
        "# Generated by ./mc dev; rewritten on every start. Not for production.\n"
            + "# Dev mode reaches the identity service in-process; server_url is for the offline"
            + " tools and for running this config with ./mc metacrypt server.\n\n"
            + serverAndDatabase(port, grpcPort, cert, key, database)
            + "[mcias]\n"
            + "server_url   = "
            + quote("https://" + LOOPBACK + ":" + identityPort)
            + "\n"
            + "ca_cert      = "
            + quote(caFile.toString())
            + "\n"
            + "service_name = \"metacrypt\"\n\n"
            + "# Sign in with MCIAS: dev mode registers this client and writes its secret.\n"
            + "[sso]\n"
            + "redirect_uri       = "
            + quote("https://localhost:" + port + "/sso/callback")
            + "\n"
            + "client_id          = "
            + quote(SSO_CLIENT_ID)
            + "\n"
            + "client_secret_file = "
            + quote(ssoSecret.toString())
            + "\n"
            + "identity_url       = "
            + quote("https://localhost:" + identityPort)
            + "\n";
    Files.writeString(file, toml);
    restrictToOwner(file);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static int freeLoopbackPort() throws IOException {
    // The issuer must name the port before the server starts, so pick it here. Not from the
    // kernel's ephemeral range (port 0): between this probe and the server's bind, any outgoing
    // connection of this process may be given that very port as its local one (seen once in the
    // build, after the first start grew to issue certificates before listening). Below 32768
    // only explicit binds compete.
    java.util.random.RandomGenerator random = new java.security.SecureRandom();
    for (int attempt = 0; attempt < 64; attempt++) {
      int candidate = 24_000 + random.nextInt(8_000);
      try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getByName(LOOPBACK))) {
        return s.getLocalPort();
      } catch (java.net.BindException taken) {
        // try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      restrictToOwner(dir);
    }
  }

  private static void restrictToOwner(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing more we can do.
    }
  }
}
