package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.CreateAccountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input hygiene at the gRPC doors of both services. */
class InputGrpcTest {
  static final String MALFORMED = "request message is malformed or nested too deeply";
  @TempDir static Path dir;
  static InputDoors doors;
  static ManagedChannel identity;
  static ManagedChannel crypto;
  static String identityAdmin;
  static String cryptoAdmin;

  @BeforeAll
  static void start() throws Exception {
    doors = new InputDoors(dir);
    identityAdmin = doors.identityLogin("root");
    cryptoAdmin = doors.cryptoInitAndLogin();
    doors.postJson(
        doors.cryptoUri("/v1/engine/mounts"),
        cryptoAdmin,
        Map.of("name", "transit", "type", "transit"));
    KeyStore trust = TlsCertificates.trustStoreFromPem(doors.identity.dir.resolve("tls.crt"));
    X509Certificate ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
    identity =
        NettyChannelBuilder.forAddress("127.0.0.1", doors.identity.server.grpcPort())
            .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
            .build();
    crypto =
        NettyChannelBuilder.forAddress("127.0.0.1", doors.crypto.grpcPort())
            .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
            .build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    identity.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    crypto.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    doors.close();
  }

  static io.grpc.ClientInterceptor bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              if (description != null) {
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
              }
            });
  }

  static Struct deep(int depth) {
    Struct inner = Struct.getDefaultInstance();
    for (int i = 0; i < depth; i++) {
      inner =
          Struct.newBuilder()
              .putFields("a", Value.newBuilder().setStructValue(inner).build())
              .build();
    }
    return inner;
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 34, 100, 300})
  void anOverDeepStructIsInvalidArgument(int depth) {
    var engines =
        EngineServiceGrpc.newBlockingStub(crypto)
            .withInterceptors(bearer(cryptoAdmin))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    assertStatus(
        () ->
            engines.request(
                EngineRequest.newBuilder()
                    .setMount("transit")
                    .setOperation("encrypt")
                    .setData(deep(depth))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        null);
  }

  /** Unknown groups nested {@code depth} deep: any message type can be made over-deep. */
  static byte[] nestedGroups(int depth) {
    byte[] out = new byte[2 * depth];
    Arrays.fill(out, 0, depth, (byte) ((15 << 3) | 3));
    Arrays.fill(out, depth, 2 * depth, (byte) ((15 << 3) | 4));
    return out;
  }

  static byte[] rawCall(Channel channel, String method, byte[] request) {
    MethodDescriptor.Marshaller<byte[]> bytes =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return ClientCalls.blockingUnaryCall(
        channel,
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method)
            .setRequestMarshaller(bytes)
            .setResponseMarshaller(bytes)
            .build(),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request);
  }

  @Test
  void anOverDeepOrMalformedMessageIsInvalidArgumentOnBothServices() {
    for (byte[] bad :
        new byte[][] {nestedGroups(200), {(byte) 0xff, (byte) 0xff}, {0x0a, 0x7f, 0x41}}) {
      assertStatus(
          () -> rawCall(identity, "metacircular.mcias.v1.AuthService/Login", bad),
          Status.Code.INVALID_ARGUMENT,
          MALFORMED);
      assertStatus(
          () -> rawCall(crypto, "metacircular.metacrypt.v1.AuthService/Login", bad),
          Status.Code.INVALID_ARGUMENT,
          MALFORMED);
    }
  }

  @Test
  void onlyCanonicalBase64IsAcceptedInTransit() {
    var transit =
        TransitServiceGrpc.newBlockingStub(crypto)
            .withInterceptors(bearer(cryptoAdmin))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    transit.createKey(
        CreateKeyRequest.newBuilder()
            .setMount("transit")
            .setName("b64")
            .setType("aes256-gcm")
            .build());
    String ciphertext =
        transit
            .encrypt(
                EncryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("b64")
                    .setPlaintext(ByteString.copyFromUtf8("hello"))
                    .build())
            .getCiphertext();
    String prefix = ciphertext.substring(0, ciphertext.lastIndexOf(':') + 1);
    byte[] sealed = Base64.getDecoder().decode(ciphertext.substring(prefix.length()));
    assertThat(
            transit
                .decrypt(
                    DecryptRequest.newBuilder()
                        .setMount("transit")
                        .setKey("b64")
                        .setCiphertext(ciphertext)
                        .build())
                .getPlaintext()
                .toStringUtf8())
        .isEqualTo("hello");
    // The typed calls carry bytes as bytes; only the ciphertext is text, and it has one form.
    for (String other : InputCryptoRestProperties.nonCanonical(sealed, 1)) {
      assertStatus(
          () ->
              transit.decrypt(
                  DecryptRequest.newBuilder()
                      .setMount("transit")
                      .setKey("b64")
                      .setCiphertext(prefix + other)
                      .build()),
          Status.Code.INVALID_ARGUMENT,
          "ciphertext is malformed");
    }

    // The generic request carries the plaintext as base64 text in its Struct.
    var engines =
        EngineServiceGrpc.newBlockingStub(crypto)
            .withInterceptors(bearer(cryptoAdmin))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(
            engines
                .request(encrypt(Base64.getEncoder().encodeToString(hello)))
                .getData()
                .getFieldsOrThrow("ciphertext")
                .getStringValue())
        .startsWith(prefix);
    for (String other : InputCryptoRestProperties.nonCanonical(hello, 1)) {
      assertStatus(
          () -> engines.request(encrypt(other)),
          Status.Code.INVALID_ARGUMENT,
          "plaintext must be canonical padded base64");
    }
  }

  private static EngineRequest encrypt(String plaintext) {
    return EngineRequest.newBuilder()
        .setMount("transit")
        .setOperation("encrypt")
        .setData(
            Struct.newBuilder()
                .putFields("key", Value.newBuilder().setStringValue("b64").build())
                .putFields("plaintext", Value.newBuilder().setStringValue(plaintext).build()))
        .build();
  }

  @Test
  void usernamesDifferingOnlyInCaseOrByATrailingDotAreRefused() {
    var accounts =
        AccountServiceGrpc.newBlockingStub(identity)
            .withInterceptors(bearer(identityAdmin))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    accounts.createAccount(
        CreateAccountRequest.newBuilder().setUsername("carol").setAccountType("system").build());
    assertStatus(
        () ->
            accounts.createAccount(
                CreateAccountRequest.newBuilder()
                    .setUsername("CAROL")
                    .setAccountType("system")
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "username CAROL clashes with existing account carol (usernames are unique ignoring case)");
    assertStatus(
        () ->
            accounts.createAccount(
                CreateAccountRequest.newBuilder()
                    .setUsername("carol.")
                    .setAccountType("system")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "username must not end with '.'");
  }
}
