package dev.metacircular.apps.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.crypto.Totp;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.GenerateRecoveryCodesRequest;
import dev.metacircular.grpc.proto.mcias.v1.GenerateRecoveryCodesResponse;
import dev.metacircular.grpc.proto.mcias.v1.GetRecoveryCodeStatusRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery codes through the front doors of a real server over TLS: generated once for an account
 * with TOTP, used in place of the TOTP code at login, single use, audited, and never written into
 * any other answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryCodesEndToEndTest {

  TestServer server;
  ManagedChannel channel;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    server = TestServer.startWithGrpc(dir);
    KeyStore trust = TlsCertificates.trustStoreFromPem(dir.resolve("tls.crt"));
    X509Certificate ca = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort())
            .sslContext(GrpcSslContexts.forClient().trustManager(ca).build())
            .build();
  }

  @AfterAll
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  /** Creates a user with TOTP on (through REST) and returns its token. */
  private String userWithTotp(String username) throws Exception {
    server.createAccount(username, AccountType.HUMAN, Role.USER);
    String token = server.login(username);
    TestServer.Reply enrolled =
        server.post(
            "/v1/auth/totp/enroll",
            token,
            TestServer.JSON.writeValueAsString(Map.of("password", TestServer.PASSWORD)));
    assertThat(enrolled.status()).isEqualTo(200);
    byte[] secret = Base32.decode(enrolled.json().get("secret").asText().toCharArray());
    String code = Totp.code(secret, Totp.step(Instant.now()));
    assertThat(
            server
                .post(
                    "/v1/auth/totp/confirm",
                    token,
                    TestServer.JSON.writeValueAsString(Map.of("code", code)))
                .status())
        .isEqualTo(200);
    return token;
  }

  private TestServer.Reply loginWith(String username, String recoveryCode) throws Exception {
    return server.post(
        "/v1/auth/login",
        null,
        TestServer.JSON.writeValueAsString(
            Map.of(
                "username",
                username,
                "password",
                TestServer.PASSWORD,
                "recovery_code",
                recoveryCode)));
  }

  @Test
  void overRestACodeSignsInOnceInPlaceOfTheTotpCode() throws Exception {
    String token = userWithTotp("rest-user");
    TestServer.Reply generated =
        server.post(
            "/v1/auth/recovery-codes",
            token,
            TestServer.JSON.writeValueAsString(Map.of("password", TestServer.PASSWORD)));
    assertThat(generated.status()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    generated.json().get("codes").forEach(c -> codes.add(c.asText()));
    assertThat(codes).hasSize(10);
    assertThat(generated.json().get("remaining").asInt()).isEqualTo(10);

    TestServer.Reply signedIn = loginWith("rest-user", codes.get(0));
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(signedIn.json().get("token").asText()).isNotBlank();

    TestServer.Reply again = loginWith("rest-user", codes.get(0));
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.json().get("error").asText()).isEqualTo("invalid credentials");

    JsonNode left = server.get("/v1/auth/recovery-codes", token).json();
    assertThat(left.get("remaining").asInt()).isEqualTo(9);
    assertThat(
            server
                .server
                .core()
                .audit()
                .query(
                    dev.metacircular.ports.auth.Caller.offlineTool("test"),
                    new AuditFilter(null, IdentityAuditTypes.RECOVERY_CODE_USED, null, 100)))
        .hasSize(1);
    // Without a second factor at all, the login still asks for one.
    TestServer.Reply noFactor =
        server.post("/v1/auth/login", null, TestServer.loginBody("rest-user", TestServer.PASSWORD));
    assertThat(noFactor.status()).isEqualTo(401);
    assertThat(noFactor.body()).contains("totp required");
  }

  @Test
  void overRestGeneratingNeedsTheRightPasswordAndATokenAndASecondFactor() throws Exception {
    server.createAccount("no-factor", AccountType.HUMAN, Role.USER);
    String plain = server.login("no-factor");
    TestServer.Reply refused =
        server.post(
            "/v1/auth/recovery-codes",
            plain,
            TestServer.JSON.writeValueAsString(Map.of("password", TestServer.PASSWORD)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("TOTP or a passkey");

    String token = userWithTotp("careful-user");
    TestServer.Reply wrong =
        server.post(
            "/v1/auth/recovery-codes",
            token,
            TestServer.JSON.writeValueAsString(Map.of("password", "not the password")));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(
            server
                .post(
                    "/v1/auth/recovery-codes",
                    null,
                    TestServer.JSON.writeValueAsString(Map.of("password", TestServer.PASSWORD)))
                .status())
        .isEqualTo(401);
    assertThat(server.get("/v1/auth/recovery-codes", token).json().get("remaining").asInt())
        .isZero();
  }

  @Test
  void overGrpcACodeSignsInOnceInPlaceOfTheTotpCode() throws Exception {
    String token = userWithTotp("grpc-user");
    Metadata bearer = new Metadata();
    bearer.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    var auth =
        AuthServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
    GenerateRecoveryCodesResponse generated =
        auth.generateRecoveryCodes(
            GenerateRecoveryCodesRequest.newBuilder()
                .setPasswordBytes(ByteString.copyFrom(TestServer.PASSWORD, StandardCharsets.UTF_8))
                .build());
    assertThat(generated.getCodesList()).hasSize(10);

    var anonymous = AuthServiceGrpc.newBlockingStub(channel);
    LoginRequest login =
        LoginRequest.newBuilder()
            .setUsername("grpc-user")
            .setPasswordBytes(ByteString.copyFrom(TestServer.PASSWORD, StandardCharsets.UTF_8))
            .setRecoveryCode(generated.getCodes(5))
            .build();
    assertThat(anonymous.login(login).getToken()).isNotBlank();
    assertThatThrownBy(() -> anonymous.login(login))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(
            auth.getRecoveryCodeStatus(GetRecoveryCodeStatusRequest.getDefaultInstance())
                .getRemaining())
        .isEqualTo(9);
    assertThatThrownBy(
            () ->
                anonymous.getRecoveryCodeStatus(GetRecoveryCodeStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }
}
