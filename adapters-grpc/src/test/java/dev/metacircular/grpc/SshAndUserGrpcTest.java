package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshCertificate;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshPublicKey;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.sshca.v1.GetCaKeyRequest;
import dev.metacircular.grpc.proto.sshca.v1.GetCertRequest;
import dev.metacircular.grpc.proto.sshca.v1.GetKrlRequest;
import dev.metacircular.grpc.proto.sshca.v1.IssuedCertificate;
import dev.metacircular.grpc.proto.sshca.v1.ListCertsRequest;
import dev.metacircular.grpc.proto.sshca.v1.ListProfilesRequest;
import dev.metacircular.grpc.proto.sshca.v1.Profile;
import dev.metacircular.grpc.proto.sshca.v1.ProfileNameRequest;
import dev.metacircular.grpc.proto.sshca.v1.ProfileRequest;
import dev.metacircular.grpc.proto.sshca.v1.RevokeRequest;
import dev.metacircular.grpc.proto.sshca.v1.SignRequest;
import dev.metacircular.grpc.proto.sshca.v1.SignResponse;
import dev.metacircular.grpc.proto.sshca.v1.SshCaServiceGrpc;
import dev.metacircular.grpc.proto.u2u.v1.DecryptRequest;
import dev.metacircular.grpc.proto.u2u.v1.DecryptResponse;
import dev.metacircular.grpc.proto.u2u.v1.EncryptRequest;
import dev.metacircular.grpc.proto.u2u.v1.GetPublicKeyRequest;
import dev.metacircular.grpc.proto.u2u.v1.MountRequest;
import dev.metacircular.grpc.proto.u2u.v1.UserCryptoServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The typed SshCaService and UserCryptoService over real TLS gRPC, against the real cores. */
class SshAndUserGrpcTest {
  static TestPlatform p;
  static String admin;
  static String alice;

  @BeforeAll
  static void start() {
    p = new TestPlatform();
    SystemServiceGrpc.newBlockingStub(p.cryptoChannel)
        .init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build());
    admin = login(TestPlatform.ADMIN);
    alice = login(TestPlatform.USER);
    var engines =
        EngineServiceGrpc.newBlockingStub(p.cryptoChannel)
            .withInterceptors(TestPlatform.bearer(admin));
    engines.createMount(CreateMountRequest.newBuilder().setName("ssh").setType("sshca").build());
    engines.createMount(CreateMountRequest.newBuilder().setName("u2u").setType("user").build());
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

  static SshCaServiceGrpc.SshCaServiceBlockingStub ssh(String token) {
    var stub = SshCaServiceGrpc.newBlockingStub(p.cryptoChannel);
    return token == null ? stub : stub.withInterceptors(TestPlatform.bearer(token));
  }

  static UserCryptoServiceGrpc.UserCryptoServiceBlockingStub u2u(String token) {
    return UserCryptoServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(token));
  }

  static void refused(Runnable call, Status.Code code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }

  @Test
  void profilesSigningRevocationAndThePublicReads() {
    Profile created =
        ssh(admin)
            .createProfile(
                ProfileRequest.newBuilder()
                    .setMount("ssh")
                    .setProfile(
                        Profile.newBuilder()
                            .setName("dev")
                            .setCertType("user")
                            .addAllowedPrincipals("{{username}}")
                            .setMaxTtl("2h")
                            .putExtensions("permit-pty", ""))
                    .build());
    assertThat(created.getDefaultTtl()).isEqualTo("1h");
    assertThat(created.getMinRsaBits()).isEqualTo(2048);
    assertThat(created.getAllowedKeyTypesList()).contains("ed25519", "rsa");
    assertThat(
            ssh(admin)
                .getProfile(ProfileNameRequest.newBuilder().setMount("ssh").setName("dev").build()))
        .isEqualTo(created);
    assertThat(
            ssh(admin)
                .listProfiles(ListProfilesRequest.newBuilder().setMount("ssh").build())
                .getProfilesList())
        .containsExactly("dev");

    String key =
        SshSigningKey.generate(SshKeyType.ED25519, SecureRandoms.instance()).publicKey().line(null);
    SignResponse signed =
        ssh(admin)
            .sign(
                SignRequest.newBuilder()
                    .setMount("ssh")
                    .setProfile("dev")
                    .setPublicKey(key)
                    .addPrincipals("ops")
                    .setTtl("1d")
                    .build());
    assertThat(signed.getKeyId()).isEqualTo("ops-" + signed.getSerialNumber());
    assertThat(signed.getTtlCapped()).isTrue();
    assertThat(signed.getTtl()).isEqualTo("2h");
    assertThat(signed.getNotice()).contains("capped");
    String caLine =
        ssh(null).getCaKey(GetCaKeyRequest.newBuilder().setMount("ssh").build()).getPublicKey();
    SshCertificate.Parsed parsed =
        SshCertificate.parse(Base64.getDecoder().decode(signed.getCertificate().split(" ")[1]));
    assertThat(parsed.signatureValid()).isTrue();
    assertThat(parsed.caKey()).isEqualTo(SshPublicKey.parse(caLine));

    refused(
        () ->
            ssh(admin)
                .sign(
                    SignRequest.newBuilder()
                        .setMount("ssh")
                        .setProfile("dev")
                        .setPublicKey(key)
                        .addPrincipals("root")
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "principal root is not allowed by profile dev");
    refused(
        () ->
            ssh(alice)
                .sign(
                    SignRequest.newBuilder()
                        .setMount("ssh")
                        .setProfile("dev")
                        .setPublicKey(key)
                        .addPrincipals("alice")
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "permission denied");
    // A denied caller learns nothing about his data: a garbage key and a bad TTL are refused by
    // the ACL first, as on the JSON door, not with the record's own message.
    refused(
        () ->
            ssh(alice)
                .sign(
                    SignRequest.newBuilder()
                        .setMount("ssh")
                        .setProfile("dev")
                        .setPublicKey("not a key")
                        .setTtl("forever")
                        .addPrincipals("alice")
                        .build()),
        Status.Code.PERMISSION_DENIED,
        "permission denied");

    var revoked =
        ssh(admin)
            .revoke(
                RevokeRequest.newBuilder()
                    .setMount("ssh")
                    .setSerialNumber(signed.getSerialNumber())
                    .build());
    assertThat(revoked.getSerialNumbersList()).containsExactly(signed.getSerialNumber());
    assertThat(revoked.getKrlVersion()).isEqualTo(2);
    IssuedCertificate record =
        ssh(admin)
            .getCert(
                GetCertRequest.newBuilder()
                    .setMount("ssh")
                    .setSerialNumber(signed.getSerialNumber())
                    .build());
    assertThat(record.getRevoked()).isTrue();
    assertThat(record.getRequestedBy()).isEqualTo("ops");
    assertThat(record.getCertificate()).isEqualTo(signed.getCertificate());
    var list =
        ssh(admin)
            .listCerts(ListCertsRequest.newBuilder().setMount("ssh").setRevoked(true).build());
    assertThat(list.getCertsList()).hasSize(1);
    assertThat(list.getCerts(0).getCertificate()).isEmpty();

    var krl = ssh(null).getKrl(GetKrlRequest.newBuilder().setMount("ssh").build());
    var unsigned =
        ssh(null).getKrl(GetKrlRequest.newBuilder().setMount("ssh").setUnsigned(true).build());
    assertThat(krl.getVersion()).isEqualTo(2);
    assertThat(krl.getRevokedSerials()).isEqualTo(1);
    assertThat(krl.getKrl().startsWith(unsigned.getKrl())).isTrue();
    assertThat(krl.getKrl().size()).isGreaterThan(unsigned.getKrl().size());
    assertThat(
            ssh(admin)
                .deleteProfile(
                    ProfileNameRequest.newBuilder().setMount("ssh").setName("dev").build())
                .getName())
        .isEqualTo("dev");
  }

  @Test
  void userToUserEncryptionForRecipientsOnly() {
    assertThat(
            u2u(admin).register(MountRequest.newBuilder().setMount("u2u").build()).getKeyVersion())
        .isEqualTo(1);
    assertThat(u2u(admin).rotate(MountRequest.newBuilder().setMount("u2u").build()).getKeyVersion())
        .isEqualTo(2);
    var key =
        u2u(admin)
            .getPublicKey(
                GetPublicKeyRequest.newBuilder().setMount("u2u").setUsername("ops").build());
    assertThat(key.getKeyType()).isEqualTo("x25519");
    ByteString envelope =
        u2u(admin)
            .encrypt(
                EncryptRequest.newBuilder()
                    .setMount("u2u")
                    .addRecipients("ops")
                    .setPlaintext(ByteString.copyFrom("hi me", StandardCharsets.UTF_8))
                    .setContext(ByteString.copyFromUtf8("c"))
                    .build())
            .getEnvelope();
    DecryptResponse opened =
        u2u(admin)
            .decrypt(DecryptRequest.newBuilder().setMount("u2u").setEnvelope(envelope).build());
    assertThat(opened.getPlaintext().toStringUtf8()).isEqualTo("hi me");
    assertThat(opened.getSender()).isEqualTo("ops");
    assertThat(opened.getRecipientsList()).containsExactly("ops");
    assertThat(opened.getContext().toStringUtf8()).isEqualTo("c");
    byte[] flipped = envelope.toByteArray();
    flipped[flipped.length / 2] ^= 1;
    refused(
        () ->
            u2u(admin)
                .decrypt(
                    DecryptRequest.newBuilder()
                        .setMount("u2u")
                        .setEnvelope(ByteString.copyFrom(flipped))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "envelope");
    refused(
        () -> u2u(alice).register(MountRequest.newBuilder().setMount("u2u").build()),
        Status.Code.PERMISSION_DENIED,
        "permission denied");
  }
}
