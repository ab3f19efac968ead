package dev.metacircular.apps.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.HealthRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode serves both services over gRPC too, beside REST, on the same certificate. */
class DevGrpcTest {

  @Test
  void grpcPortsSitAThousandAboveTheHttpsPorts() {
    var options =
        new DevPlatform.Options(
            Path.of("d"), 8443, 8444, UnaryOperator.identity(), Clock.systemUTC());
    assertThat(options.grpcPort()).isEqualTo(9443);
    assertThat(options.cryptoGrpcPort()).isEqualTo(9444);
    assertThat(new DevPlatform.Options(Path.of("d"), 0).grpcPort()).isZero();
  }

  @Test
  void bothServicesAnswerOverGrpc(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    StringWriter out = new StringWriter();
    try (DevPlatform platform =
        DevPlatform.start(
            new DevPlatform.Options(
                data,
                0,
                0,
                s -> s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM),
                Clock.systemUTC()),
            new PrintWriter(out, true))) {
      Matcher m = DevPlatformTest.PASSWORD.matcher(out.toString());
      assertThat(m.find()).as(out.toString()).isTrue();
      String password = m.group(1);
      assertThat(platform.grpcPort()).isPositive();
      assertThat(platform.cryptoGrpcPort()).isPositive().isNotEqualTo(platform.grpcPort());
      assertThat(out.toString())
          .contains("Identity gRPC: 127.0.0.1:" + platform.grpcPort())
          .contains("Crypto gRPC:  127.0.0.1:" + platform.cryptoGrpcPort());

      X509Certificate ca = caCertificate(data.resolve("ca.pem"));
      ManagedChannel identity = channel(platform.grpcPort(), ca);
      ManagedChannel crypto = channel(platform.cryptoGrpcPort(), ca);
      try {
        assertThat(
                AdminServiceGrpc.newBlockingStub(identity)
                    .health(HealthRequest.getDefaultInstance())
                    .getStatus())
            .isEqualTo("ok");
        String token =
            dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc.newBlockingStub(identity)
                .login(LoginRequest.newBuilder().setUsername("admin").setPassword(password).build())
                .getToken();
        assertThat(
                TokenServiceGrpc.newBlockingStub(identity)
                    .validateToken(ValidateTokenRequest.newBuilder().setToken(token).build())
                    .getValid())
            .isTrue();

        assertThat(
                SystemServiceGrpc.newBlockingStub(crypto)
                    .status(StatusRequest.getDefaultInstance())
                    .getState())
            .isEqualTo("unsealed");
        String cryptoToken =
            AuthServiceGrpc.newBlockingStub(crypto)
                .login(
                    dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest.newBuilder()
                        .setUsername("admin")
                        .setPassword(password)
                        .build())
                .getToken();
        Metadata bearer = new Metadata();
        bearer.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + cryptoToken);
        var transit =
            TransitServiceGrpc.newBlockingStub(crypto)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
        transit.createKey(
            CreateKeyRequest.newBuilder()
                .setMount(DevPlatform.TRANSIT_MOUNT)
                .setName("grpc")
                .setType("aes256-gcm")
                .build());
        String ciphertext =
            transit
                .encrypt(
                    EncryptRequest.newBuilder()
                        .setMount(DevPlatform.TRANSIT_MOUNT)
                        .setKey("grpc")
                        .setPlaintext(ByteString.copyFromUtf8("over grpc"))
                        .build())
                .getCiphertext();
        assertThat(
                transit
                    .decrypt(
                        DecryptRequest.newBuilder()
                            .setMount(DevPlatform.TRANSIT_MOUNT)
                            .setKey("grpc")
                            .setCiphertext(ciphertext)
                            .build())
                    .getPlaintext()
                    .toStringUtf8())
            .isEqualTo("over grpc");
      } finally {
        identity.shutdownNow();
        crypto.shutdownNow();
      }
    }
  }

  private static X509Certificate caCertificate(Path pem) throws Exception {
    KeyStore trust = TlsCertificates.trustStoreFromPem(pem);
    return (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
  }

  private static ManagedChannel channel(int port, X509Certificate ca) throws Exception {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
        .build();
  }
}
