package dev.metacircular.grpc;

import static dev.metacircular.grpc.IdentityGrpcServerTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.CertRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateIssuerRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.FetchCaRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.FetchCrlRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.IssueRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListCertsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiListRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiRole;
import dev.metacircular.grpc.proto.metacrypt.v1.PkiServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.RoleRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TidyRequest;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PkiService} on a real gRPC server over an embedded core: the ca operations typed, the ACL
 * and refusals as on REST, and the public fetches without a token.
 */
class PkiGrpcTest {
  private static TestPlatform p;
  private static String admin;

  @BeforeAll
  static void start() {
    p = new TestPlatform();
    SystemServiceGrpc.newBlockingStub(p.cryptoChannel)
        .init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build());
    admin = login(TestPlatform.ADMIN);
    EngineServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(admin))
        .createMount(
            CreateMountRequest.newBuilder()
                .setName("pki")
                .setType("ca")
                .setConfig(
                    Struct.newBuilder()
                        .putFields(
                            "root_common_name",
                            Value.newBuilder().setStringValue("Grpc Root").build()))
                .build());
    pki(admin)
        .createIssuer(
            CreateIssuerRequest.newBuilder()
                .setMount("pki")
                .setName("infra")
                .setCommonName("Infra")
                .setKeyType("ec-p256")
                .build());
    pki(admin)
        .createRole(
            PkiRole.newBuilder()
                .setMount("pki")
                .setName("web")
                .setIssuer("infra")
                .addAllowedDomains("example.test")
                .setAllowSubdomains(true)
                .setTtl("24h")
                .build());
  }

  @AfterAll
  static void stop() {
    p.close();
  }

  static String login(String username) {
    return AuthServiceGrpc.newBlockingStub(p.cryptoChannel)
        .login(
            LoginRequest.newBuilder()
                .setUsername(username)
                .setPassword(TestPlatform.PASSWORD)
                .build())
        .getToken();
  }

  static PkiServiceGrpc.PkiServiceBlockingStub pki(String token) {
    return PkiServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(token));
  }

  @Test
  void issueRevokeAndFetchTheCrlTyped() throws Exception {
    var issued =
        pki(admin)
            .issue(
                IssueRequest.newBuilder()
                    .setMount("pki")
                    .setRole("web")
                    .setCommonName("a.example.test")
                    .build());
    assertThat(issued.getPrivateKey().toString(StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(issued.getCaChainCount()).isEqualTo(2);
    X509Certificate leaf = certificate(issued.getCertificate());
    assertThat(leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime())
        .isBetween(24 * 3600_000L, 24 * 3600_000L + 60_000L);

    var record =
        pki(admin)
            .getCert(
                CertRequest.newBuilder()
                    .setMount("pki")
                    .setSerialNumber(issued.getSerialNumber())
                    .build());
    assertThat(record.getRequestedBy()).isEqualTo(TestPlatform.ADMIN);
    assertThat(record.getNamesList()).containsExactly("a.example.test");

    pki(admin)
        .revoke(
            CertRequest.newBuilder()
                .setMount("pki")
                .setSerialNumber(issued.getSerialNumber())
                .build());
    var revoked =
        pki(admin)
            .listCerts(ListCertsRequest.newBuilder().setMount("pki").setRevoked(true).build());
    assertThat(revoked.getCertsList())
        .extracting(c -> c.getSerialNumber())
        .containsExactly(issued.getSerialNumber());

    // Public: no token.
    var anonymous = PkiServiceGrpc.newBlockingStub(p.cryptoChannel);
    X509Certificate root =
        certificate(
            anonymous.fetchCa(FetchCaRequest.newBuilder().setMount("pki").build()).getPem());
    certificate(issued.getIssuingCa()).verify(root.getPublicKey());
    byte[] der =
        anonymous
            .fetchCrl(FetchCrlRequest.newBuilder().setMount("pki").setIssuer("infra").build())
            .getDer()
            .toByteArray();
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    assertThat(crl.getRevokedCertificate(leaf.getSerialNumber())).isNotNull();
    assertThat(anonymous.fetchChain(FetchCaRequest.newBuilder().setMount("pki").build()).getPem())
        .contains(issued.getIssuingCa());
  }

  @Test
  void rolesListsAndTidyAnswerTyped() {
    PkiRole role =
        pki(admin).getRole(RoleRequest.newBuilder().setMount("pki").setName("web").build());
    assertThat(role.getTtl()).isEqualTo("24h");
    assertThat(role.getMaxTtl()).isEqualTo("2160h");
    assertThat(role.getKeyType()).isEqualTo("ec");
    assertThat(role.getServerFlag()).isTrue();
    assertThat(
            pki(admin)
                .listRoles(PkiListRequest.newBuilder().setMount("pki").build())
                .getNamesList())
        .containsExactly("web");
    assertThat(
            pki(admin)
                .listIssuers(PkiListRequest.newBuilder().setMount("pki").build())
                .getNamesList())
        .containsExactly("infra");
    assertThat(pki(admin).tidy(TidyRequest.newBuilder().setMount("pki").build()).getRemovedCount())
        .isZero();
    assertThat(
            pki(admin)
                .createEab(RoleRequest.newBuilder().setMount("pki").setName("web").build())
                .getHmacKey())
        .hasSize(43);
  }

  @Test
  void refusalsAreTheCoresWithGrpcStatuses() {
    assertStatus(
        () ->
            pki(admin)
                .issue(
                    IssueRequest.newBuilder()
                        .setMount("pki")
                        .setRole("web")
                        .setCommonName("evil.other.test")
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "name evil.other.test is not allowed by role web");
    assertStatus(
        () ->
            pki(admin)
                .issue(
                    IssueRequest.newBuilder()
                        .setMount("pki")
                        .setRole("web")
                        .setCommonName("a.example.test")
                        .setTtl("soon")
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "ttl must be a duration such as \"720h\", \"30d\" or \"1h30m\"");
    String user = login(TestPlatform.USER);
    assertStatus(
        () ->
            pki(user)
                .issue(
                    IssueRequest.newBuilder()
                        .setMount("pki")
                        .setRole("web")
                        .setCommonName("a.example.test")
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "permission denied");
    assertStatus(
        () ->
            PkiServiceGrpc.newBlockingStub(p.cryptoChannel)
                .listRoles(PkiListRequest.newBuilder().setMount("pki").build()),
        Status.Code.UNAUTHENTICATED,
        null);
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
