package dev.metacircular.grpc;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.rest.EngineDispatcher;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Both real cores in process (in-memory stores, cheap hashing) behind real TLS gRPC servers on
 * 127.0.0.1 ephemeral ports, with an admin ({@code ops}) and a plain user ({@code alice}).
 */
final class TestPlatform implements AutoCloseable {
  static final char[] KEYSTORE_PASSWORD = "test-keystore-password".toCharArray();
  static final String ADMIN = "ops";
  static final String USER = "alice";
  static final String PASSWORD = "correct horse battery staple";
  static final String SEAL_PASSWORD = "seal password for tests";
  static final TlsCertificates.SelfSigned CERT =
      TlsCertificates.selfSigned(
          "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

  final EmbeddedPlatform platform;
  final IdentityGrpcServer identityServer;
  final CryptoGrpcServer cryptoServer;
  final ManagedChannel identityChannel;
  final ManagedChannel cryptoChannel;

  TestPlatform() {
    // A generous per-address login rate: every test logs in from 127.0.0.1. The lockout
    // threshold keeps its default (10), which LockoutTest relies on.
    IdentitySettings settings = IdentitySettings.defaults("metacircular-test");
    settings =
        new IdentitySettings(
            settings.issuer(),
            settings.loginTokenTtl(),
            settings.serviceTokenTtl(),
            settings.passwordHashing(),
            settings.masterKeyKdf(),
            1000.0,
            1000,
            settings.lockout(),
            settings.verificationCacheSize(),
            settings.audience(),
            settings.maxSessionLifetime());
    platform = EmbeddedPlatform.inMemory().forTests().identitySettings(settings).start();
    Caller tool = Caller.offlineTool("test");
    platform
        .identity()
        .accounts()
        .create(
            tool,
            new CreateAccountCommand(
                ADMIN, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(Role.ADMIN)));
    platform
        .identity()
        .accounts()
        .create(
            tool,
            new CreateAccountCommand(
                USER, AccountType.HUMAN, PASSWORD.toCharArray(), Set.of(Role.USER)));
    identityServer = IdentityGrpcServer.start(identityApi(platform.identity()), settings());
    cryptoServer = startCrypto(platform.crypto(), settings());
    identityChannel = channel(identityServer.port());
    cryptoChannel = channel(cryptoServer.port());
  }

  static IdentityUseCases identityApi(IdentityCore core) {
    return core.useCases();
  }

  static CryptoUseCases cryptoApi(CryptoCore core) {
    return core.useCases();
  }

  /** The crypto gRPC server as apps wires it: the generic engine service on the JSON dispatcher. */
  static CryptoGrpcServer startCrypto(CryptoCore core, GrpcSettings settings) {
    return CryptoGrpcServer.start(
        cryptoApi(core), new EngineDispatcher(core.operations()), settings);
  }

  static GrpcSettings settings() {
    return GrpcSettings.of("127.0.0.1", 0, keyStore(), KEYSTORE_PASSWORD.clone());
  }

  static KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", CERT.privateKey(), KEYSTORE_PASSWORD, new Certificate[] {CERT.certificate()});
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A channel that trusts the test certificate and nothing else. */
  static ManagedChannel channel(int port) {
    try {
      return NettyChannelBuilder.forAddress("127.0.0.1", port)
          .sslContext(GrpcSslContexts.forClient().trustManager(CERT.certificate()).build())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Attaches {@code authorization: Bearer <token>} to every call of a stub. */
  static ClientInterceptor bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + token);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** The CA certificate as PEM, for clients outside the JVM. */
  static Path writeCaPem(Path dir) throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(CERT.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Path file = dir.resolve("ca.pem");
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }

  @Override
  public void close() {
    try {
      identityChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      cryptoChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      identityServer.close();
      cryptoServer.close();
      platform.close();
    }
  }
}
