package dev.metacircular.benchmarks;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.grpc.CryptoGrpcServer;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.grpc.IdentityGrpcServer;
import dev.metacircular.rest.CryptoRestServer;
import dev.metacircular.rest.EngineDispatcher;
import dev.metacircular.rest.IdentityRestServer;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import dev.metacircular.sqlite.SqliteIdentityStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The server side of {@link GrpcLoadMain}, run as a child process so that its CPU and memory are
 * read apart from the client's. In one JVM, on ephemeral loopback ports with one self-signed
 * certificate, it starts both services' doors side by side over the same cores, as a deployed
 * server with {@code grpc_addr} set runs them:
 *
 * <ol>
 *   <li>the identity service on SQLite ({@link BenchServer}'s setup): REST and gRPC;
 *   <li>the crypto service on SQLite, authenticating through the identity core in process (dev
 *       mode's wiring, {@link CryptoBenchServer}'s setup: a transit key {@code k} that an ACL rule
 *       lets the identity's system account use): REST and gRPC.
 * </ol>
 *
 * It prints {@code BENCH key=value} lines (ports, the certificate, a login token to validate, the
 * system account's service token to encrypt with), ending with {@code BENCH ready}, and serves
 * until its standard input closes.
 *
 * <p>Options: {@code --cheap-seal} initializes with a cheap seal KDF (setup only: unseal is not
 * measured here).
 */
public final class GrpcBenchServer {
  private static final char[] KEY_STORE_PASSWORD = "bench-only-key-store".toCharArray();

  private GrpcBenchServer() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.parse(argv, Set.of(), Set.of("cheap-seal"));
    SealSettings sealSettings =
        args.flag("cheap-seal") ? CryptoFixture.CHEAP_SEAL : SealSettings.DEFAULTS;
    PrintStream out = System.out;

    Path dir = Files.createTempDirectory("mc-bench-grpc-");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TlsCertificates.writePem(
        cert,
        key,
        TlsCertificates.selfSigned(
            "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2)));
    KeyStore keyStore = TlsCertificates.keyStoreFromPem(cert, key, KEY_STORE_PASSWORD);
    RestSettings rest =
        RestSettings.of("127.0.0.1", 0, new TlsSettings(keyStore, KEY_STORE_PASSWORD));
    GrpcSettings grpc = GrpcSettings.of("127.0.0.1", 0, keyStore, KEY_STORE_PASSWORD);

    SqliteIdentityStorage identitySqlite = SqliteIdentityStorage.open(dir.resolve("identity.db"));
    IdentityStorage storage =
        new IdentityStorage(
            identitySqlite.accounts(),
            identitySqlite.tokens(),
            identitySqlite.audit(),
            identitySqlite.policyRules(),
            identitySqlite.settings(),
            identitySqlite.transactions(),
            identitySqlite.ssoClients(),
            identitySqlite.authorizationCodes(),
            identitySqlite.passkeys(),
            identitySqlite.loginSources(),
            identitySqlite.recoveryCodes());
    IdentityFixture identity = IdentityFixture.open(storage, null);
    IdentityCore ic = identity.core();
    String loginToken = identity.loginAdmin().token();
    String serviceToken = identity.serviceTokens(1, "metacrypt")[0];

    SqliteCryptoStorage cryptoSqlite = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"));
    CryptoFixture crypto =
        CryptoFixture.open(
            cryptoSqlite.physical(),
            cryptoSqlite.audit(),
            new DelegatedAuthenticator(InProcessIdentityProvider.over(ic, "metacrypt", List.of())),
            sealSettings);
    CryptoCore cc = crypto.core();

    IdentityRestServer identityRest = IdentityRestServer.start(ic.useCases(), rest);
    IdentityGrpcServer identityGrpc = IdentityGrpcServer.start(ic.useCases(), grpc);
    CryptoRestServer cryptoRest = CryptoRestServer.start(cc.useCases(), rest);
    CryptoGrpcServer cryptoGrpc =
        CryptoGrpcServer.start(cc.useCases(), new EngineDispatcher(cc.operations()), grpc);

    System.gc();
    out.println("BENCH pid=" + ProcessHandle.current().pid());
    out.println("BENCH cert=" + cert);
    out.println("BENCH identity_port=" + identityRest.port());
    out.println("BENCH identity_grpc_port=" + identityGrpc.port());
    out.println("BENCH crypto_port=" + cryptoRest.port());
    out.println("BENCH crypto_grpc_port=" + cryptoGrpc.port());
    out.println("BENCH token=" + loginToken);
    out.println("BENCH service_token=" + serviceToken);
    out.println("BENCH seal_kdf=" + sealSettings.kdf());
    out.println("BENCH ready");
    out.flush();

    waitForEndOfInput(System.in);
    cryptoGrpc.close();
    cryptoRest.close();
    identityGrpc.close();
    identityRest.close();
    crypto.close();
    cryptoSqlite.close();
    identity.close();
    identitySqlite.close();
    TempDirs.deleteTree(dir);
    System.exit(0);
  }

  private static void waitForEndOfInput(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Nothing is expected on standard input; end of input is the signal to stop.
    }
  }
}
