package dev.metacircular.grpc;

import static dev.metacircular.grpc.IdentityGrpcServerTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptItem;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptItem;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DataKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.HmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListKeysRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.LoginRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RekeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RewrapRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.UnsealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.UpdateKeyConfigRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyHmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyRequest;
import dev.metacircular.grpc.proto.policy.v1.CreateRuleRequest;
import dev.metacircular.grpc.proto.policy.v1.PolicyServiceGrpc;
import dev.metacircular.grpc.proto.policy.v1.Resources;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.grpc.proto.policy.v1.Subjects;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crypto service's gRPC API over TLS, in front of the real crypto core: the seal gate in every
 * state, then the typed transit operations, the engine request and the ACL.
 */
class CryptoGrpcServerTest {
  static TestPlatform p;
  static String admin;

  @BeforeAll
  static void start() {
    p = new TestPlatform();
    var system = SystemServiceGrpc.newBlockingStub(p.cryptoChannel);
    assertThat(system.status(StatusRequest.getDefaultInstance()).getState())
        .isEqualTo("uninitialized");
    // Before init: the gate answers FAILED_PRECONDITION before any token is looked at.
    assertStatus(
        () ->
            transit("no-token").listKeys(ListKeysRequest.newBuilder().setMount("transit").build()),
        Status.Code.FAILED_PRECONDITION,
        "not initialized");
    assertStatus(
        () ->
            AuthServiceGrpc.newBlockingStub(p.cryptoChannel)
                .login(LoginRequest.newBuilder().setUsername("ops").setPassword("x").build()),
        Status.Code.FAILED_PRECONDITION,
        "not initialized");
    assertStatus(
        () -> system.unseal(UnsealRequest.newBuilder().setPassword("x").build()),
        Status.Code.FAILED_PRECONDITION,
        "not initialized");
    assertStatus(
        () -> system.init(InitRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "password is required");
    assertThat(
            system
                .init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build())
                .getState())
        .isEqualTo("unsealed");
    assertStatus(
        () -> system.init(InitRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build()),
        Status.Code.ALREADY_EXISTS,
        "already initialized");
    admin = login(TestPlatform.ADMIN);
    engines(admin)
        .createMount(CreateMountRequest.newBuilder().setName("transit").setType("transit").build());
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

  static TransitServiceGrpc.TransitServiceBlockingStub transit(String token) {
    return TransitServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(token));
  }

  static EngineServiceGrpc.EngineServiceBlockingStub engines(String token) {
    return EngineServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(token));
  }

  static ByteString bytes(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  @Test
  void tokenInfoAndMountsForAdmins() {
    var info =
        AuthServiceGrpc.newBlockingStub(p.cryptoChannel)
            .withInterceptors(TestPlatform.bearer(admin))
            .tokenInfo(TokenInfoRequest.getDefaultInstance());
    assertThat(info.getUsername()).isEqualTo("ops");
    assertThat(info.getIsAdmin()).isTrue();
    assertThat(engines(admin).listMounts(ListMountsRequest.getDefaultInstance()).getMountsList())
        .anySatisfy(m -> assertThat(m.getType()).isEqualTo("transit"));
    String user = login(TestPlatform.USER);
    assertStatus(
        () -> engines(user).listMounts(ListMountsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "admin role required");
    assertStatus(
        () ->
            EngineServiceGrpc.newBlockingStub(p.cryptoChannel)
                .listMounts(ListMountsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED,
        "missing token");
    assertStatus(
        () ->
            engines(admin)
                .createMount(
                    CreateMountRequest.newBuilder().setName("transit").setType("transit").build()),
        Status.Code.ALREADY_EXISTS,
        null);
    assertStatus(
        () ->
            engines(admin)
                .createMount(
                    CreateMountRequest.newBuilder().setName("Bad Name").setType("transit").build()),
        Status.Code.INVALID_ARGUMENT,
        null);
  }

  @Test
  void aesKeyRoundTripsWithBinaryValues() {
    var t = transit(admin);
    var key =
        t.createKey(
            CreateKeyRequest.newBuilder()
                .setMount("transit")
                .setName("orders")
                .setType("aes256-gcm")
                .build());
    assertThat(key.getLatestVersion()).isEqualTo(1);
    assertThat(key.getVersionsList()).hasSize(1);
    byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80, 10, 13};
    EncryptResponse sealed =
        t.encrypt(
            EncryptRequest.newBuilder()
                .setMount("transit")
                .setKey("orders")
                .setPlaintext(ByteString.copyFrom(binary))
                .setContext(bytes("order-7"))
                .build());
    assertThat(sealed.getCiphertext()).startsWith("metacrypt:v1:");
    assertThat(sealed.getKeyVersion()).isEqualTo(1);
    assertThat(
            t.decrypt(
                    DecryptRequest.newBuilder()
                        .setMount("transit")
                        .setKey("orders")
                        .setCiphertext(sealed.getCiphertext())
                        .setContext(bytes("order-7"))
                        .build())
                .getPlaintext()
                .toByteArray())
        .isEqualTo(binary);
    assertStatus(
        () ->
            t.decrypt(
                DecryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("orders")
                    .setCiphertext(sealed.getCiphertext())
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "ciphertext could not be decrypted");
    assertStatus(
        () ->
            t.decrypt(
                DecryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("orders")
                    .setCiphertext("metacrypt:v1:!!")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "ciphertext is malformed");
    assertStatus(
        () ->
            t.encrypt(
                EncryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("missing")
                    .setPlaintext(bytes("x"))
                    .build()),
        Status.Code.NOT_FOUND,
        null);

    // rotate, rewrap, min_decryption_version
    assertThat(
            t.rotateKey(KeyRequest.newBuilder().setMount("transit").setName("orders").build())
                .getLatestVersion())
        .isEqualTo(2);
    EncryptResponse rewrapped =
        t.rewrap(
            RewrapRequest.newBuilder()
                .setMount("transit")
                .setKey("orders")
                .setCiphertext(sealed.getCiphertext())
                .setContext(bytes("order-7"))
                .build());
    assertThat(rewrapped.getCiphertext()).startsWith("metacrypt:v2:");
    assertThat(rewrapped.getKeyVersion()).isEqualTo(2);
    assertThat(
            t.updateKeyConfig(
                    UpdateKeyConfigRequest.newBuilder()
                        .setMount("transit")
                        .setName("orders")
                        .setMinDecryptionVersion(2)
                        .build())
                .getMinDecryptionVersion())
        .isEqualTo(2);
    assertStatus(
        () ->
            t.decrypt(
                DecryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("orders")
                    .setCiphertext(sealed.getCiphertext())
                    .setContext(bytes("order-7"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        null);

    // data keys and batches
    var dataKey =
        t.dataKey(
            DataKeyRequest.newBuilder()
                .setMount("transit")
                .setKey("orders")
                .setPlaintext(true)
                .build());
    assertThat(dataKey.getPlaintext().size()).isEqualTo(32);
    assertThat(
            t.decrypt(
                    DecryptRequest.newBuilder()
                        .setMount("transit")
                        .setKey("orders")
                        .setCiphertext(dataKey.getCiphertext())
                        .build())
                .getPlaintext())
        .isEqualTo(dataKey.getPlaintext());
    var batch =
        t.batchEncrypt(
            BatchEncryptRequest.newBuilder()
                .setMount("transit")
                .setKey("orders")
                .addItems(BatchEncryptItem.newBuilder().setPlaintext(bytes("a")))
                .addItems(
                    BatchEncryptItem.newBuilder().setPlaintext(bytes("b")).setContext(bytes("c")))
                .build());
    assertThat(batch.getResultsList())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getCiphertext()).startsWith("metacrypt:v2:"));
    var opened =
        t.batchDecrypt(
            BatchDecryptRequest.newBuilder()
                .setMount("transit")
                .setKey("orders")
                .addItems(
                    BatchDecryptItem.newBuilder()
                        .setCiphertext(batch.getResults(0).getCiphertext()))
                .addItems(
                    BatchDecryptItem.newBuilder()
                        .setCiphertext(batch.getResults(1).getCiphertext()))
                .build());
    assertThat(opened.getResults(0).getPlaintext()).isEqualTo(bytes("a"));
    assertThat(opened.getResults(1).getError()).isEqualTo("ciphertext could not be decrypted");

    // delete needs deletion_allowed
    assertStatus(
        () -> t.deleteKey(KeyRequest.newBuilder().setMount("transit").setName("orders").build()),
        Status.Code.PERMISSION_DENIED,
        null);
    t.updateKeyConfig(
        UpdateKeyConfigRequest.newBuilder()
            .setMount("transit")
            .setName("orders")
            .setDeletionAllowed(true)
            .build());
    assertThat(
            t.deleteKey(KeyRequest.newBuilder().setMount("transit").setName("orders").build())
                .getName())
        .isEqualTo("orders");
  }

  @Test
  void signaturesAndHmacs() {
    var t = transit(admin);
    var ed =
        t.createKey(
            CreateKeyRequest.newBuilder()
                .setMount("transit")
                .setName("signer")
                .setType("ed25519")
                .build());
    assertThat(ed.getVersions(0).getPublicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
    var signature =
        t.sign(
            SignRequest.newBuilder()
                .setMount("transit")
                .setKey("signer")
                .setInput(bytes("release 1.0"))
                .build());
    assertThat(
            t.verify(
                    VerifyRequest.newBuilder()
                        .setMount("transit")
                        .setKey("signer")
                        .setInput(bytes("release 1.0"))
                        .setSignature(signature.getSignature())
                        .build())
                .getValid())
        .isTrue();
    assertThat(
            t.verify(
                    VerifyRequest.newBuilder()
                        .setMount("transit")
                        .setKey("signer")
                        .setInput(bytes("release 2.0"))
                        .setSignature(signature.getSignature())
                        .build())
                .getValid())
        .isFalse();

    t.createKey(
        CreateKeyRequest.newBuilder().setMount("transit").setName("mac").setType("hmac").build());
    var hmac =
        t.hmac(
            HmacRequest.newBuilder()
                .setMount("transit")
                .setKey("mac")
                .setInput(bytes("payload"))
                .build());
    assertThat(hmac.getHmac()).startsWith("metacrypt:v1:");
    assertThat(
            t.verifyHmac(
                    VerifyHmacRequest.newBuilder()
                        .setMount("transit")
                        .setKey("mac")
                        .setInput(bytes("payload"))
                        .setHmac(hmac.getHmac())
                        .build())
                .getValid())
        .isTrue();
    assertStatus(
        () ->
            t.encrypt(
                EncryptRequest.newBuilder()
                    .setMount("transit")
                    .setKey("mac")
                    .setPlaintext(bytes("x"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        null);
    assertThat(t.listKeys(ListKeysRequest.newBuilder().setMount("transit").build()).getKeysList())
        .contains("mac", "signer");
  }

  @Test
  void theGenericRequestAndTheTypedCallsShareCiphertexts() {
    var t = transit(admin);
    t.createKey(
        CreateKeyRequest.newBuilder()
            .setMount("transit")
            .setName("shared")
            .setType("chacha20-poly1305")
            .build());
    Struct data =
        Struct.newBuilder()
            .putFields("key", Value.newBuilder().setStringValue("shared").build())
            .putFields("plaintext", Value.newBuilder().setStringValue("aGVsbG8=").build())
            .build();
    var answer =
        engines(admin)
            .request(
                EngineRequest.newBuilder()
                    .setMount("transit")
                    .setOperation("encrypt")
                    .setData(data)
                    .build())
            .getData();
    assertThat(answer.getFieldsOrThrow("key_version").getNumberValue()).isEqualTo(1.0);
    String ciphertext = answer.getFieldsOrThrow("ciphertext").getStringValue();
    assertThat(
            t.decrypt(
                    DecryptRequest.newBuilder()
                        .setMount("transit")
                        .setKey("shared")
                        .setCiphertext(ciphertext)
                        .build())
                .getPlaintext()
                .toStringUtf8())
        .isEqualTo("hello");
    assertStatus(
        () ->
            engines(admin)
                .request(
                    EngineRequest.newBuilder()
                        .setMount("transit")
                        .setOperation("no-such-op")
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        null);
  }

  /** A Struct nested {@code depth} levels deep: {"a": {"a": ... {}}}. */
  static Struct deepStruct(int depth) {
    Struct inner = Struct.getDefaultInstance();
    for (int i = 0; i < depth; i++) {
      inner =
          Struct.newBuilder()
              .putFields("a", Value.newBuilder().setStructValue(inner).build())
              .build();
    }
    return inner;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {17, 33, 34, 60, 300})
  void anOverDeepStructIsInvalidArgument(int depth) {
    assertStatus(
        () ->
            engines(admin)
                .request(
                    EngineRequest.newBuilder()
                        .setMount("transit")
                        .setOperation("encrypt")
                        .setData(deepStruct(depth))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        null);
    assertStatus(
        () ->
            engines(admin)
                .createMount(
                    CreateMountRequest.newBuilder()
                        .setName("deep")
                        .setType("transit")
                        .setConfig(deepStruct(depth))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        null);
  }

  @Test
  void theAclDecidesForNonAdmins() {
    var t = transit(admin);
    t.createKey(
        CreateKeyRequest.newBuilder()
            .setMount("transit")
            .setName("alice-key")
            .setType("aes256-gcm")
            .build());
    String user = login(TestPlatform.USER);
    EncryptRequest encrypt =
        EncryptRequest.newBuilder()
            .setMount("transit")
            .setKey("alice-key")
            .setPlaintext(bytes("secret"))
            .build();
    assertStatus(() -> transit(user).encrypt(encrypt), Status.Code.PERMISSION_DENIED, null);
    PolicyServiceGrpc.newBlockingStub(p.cryptoChannel)
        .withInterceptors(TestPlatform.bearer(admin))
        .createRule(
            CreateRuleRequest.newBuilder()
                .setRule(
                    Rule.newBuilder()
                        .setId("alice-encrypts")
                        .setEffect("allow")
                        .setSubjects(Subjects.newBuilder().addUsernames("alice"))
                        .setResources(
                            Resources.newBuilder().addMounts("transit").addPaths("keys/alice-key"))
                        .addActions("encrypt"))
                .build());
    assertThat(transit(user).encrypt(encrypt).getCiphertext()).startsWith("metacrypt:v1:");
    assertStatus(
        () ->
            PolicyServiceGrpc.newBlockingStub(p.cryptoChannel)
                .withInterceptors(TestPlatform.bearer(user))
                .createRule(CreateRuleRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED,
        "admin role required");
  }

  @Test
  void sealUnsealAndRekey() {
    var system = SystemServiceGrpc.newBlockingStub(p.cryptoChannel);
    String token = login(TestPlatform.ADMIN);
    var asAdmin = system.withInterceptors(TestPlatform.bearer(token));
    assertThat(asAdmin.keyStatus(KeyStatusRequest.getDefaultInstance()).getActiveVersion())
        .isGreaterThanOrEqualTo(1);
    asAdmin.rekey(
        RekeyRequest.newBuilder()
            .setOldPassword(TestPlatform.SEAL_PASSWORD)
            .setNewPassword(TestPlatform.SEAL_PASSWORD + " 2")
            .build());
    assertThat(asAdmin.seal(SealRequest.getDefaultInstance()).getState()).isEqualTo("sealed");
    try {
      assertThat(system.status(StatusRequest.getDefaultInstance()).getState()).isEqualTo("sealed");
      // sealed: UNAVAILABLE "sealed" before the token is looked at, on every protected method
      assertStatus(
          () -> transit(token).encrypt(EncryptRequest.getDefaultInstance()),
          Status.Code.UNAVAILABLE,
          "sealed");
      assertStatus(
          () -> transit("garbage").listKeys(ListKeysRequest.getDefaultInstance()),
          Status.Code.UNAVAILABLE,
          "sealed");
      assertStatus(
          () -> asAdmin.seal(SealRequest.getDefaultInstance()), Status.Code.UNAVAILABLE, "sealed");
      assertStatus(
          () ->
              system.unseal(
                  UnsealRequest.newBuilder().setPassword(TestPlatform.SEAL_PASSWORD).build()),
          Status.Code.UNAUTHENTICATED,
          "invalid password");
    } finally {
      assertThat(
              system
                  .unseal(
                      UnsealRequest.newBuilder()
                          .setPassword(TestPlatform.SEAL_PASSWORD + " 2")
                          .build())
                  .getState())
          .isEqualTo("unsealed");
      admin = login(TestPlatform.ADMIN);
    }
  }
}
