package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DataKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DataKeyResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.HmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.HmacResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.ListKeysRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RekeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RewrapRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RotateMasterKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.UnsealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyHmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyRequest;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The crypto service's gRPC API ({@code metacircular.metacrypt.v1}, docs/grpc.md) as a client calls
 * it. The transit operations on data go through the typed {@code TransitService} with raw bytes
 * (the shell's base64 forms are decoded here and the answers given back in the same JSON-shaped
 * maps the REST client answers); every other engine operation through {@code
 * EngineService.Request}.
 */
public final class GrpcCryptoClient extends GrpcServiceClient implements CryptoClient {
  public GrpcCryptoClient(GrpcEndpoint endpoint) {
    super(endpoint, AuthServiceGrpc.getLoginMethod(), AuthServiceGrpc.getLogoutMethod());
  }

  private SystemServiceGrpc.SystemServiceBlockingStub system() {
    return endpoint.authed(SystemServiceGrpc::newBlockingStub);
  }

  private SystemServiceGrpc.SystemServiceBlockingStub openSystem() {
    return endpoint.open(SystemServiceGrpc::newBlockingStub);
  }

  private EngineServiceGrpc.EngineServiceBlockingStub engine() {
    return endpoint.authed(EngineServiceGrpc::newBlockingStub);
  }

  private TransitServiceGrpc.TransitServiceBlockingStub transit() {
    return endpoint.authed(TransitServiceGrpc::newBlockingStub);
  }

  @Override
  public WhoAmI whoami() {
    TokenInfoResponse n =
        endpoint.call(
            () ->
                endpoint
                    .authed(AuthServiceGrpc::newBlockingStub)
                    .tokenInfo(TokenInfoRequest.getDefaultInstance()));
    return new WhoAmI(
        n.getSub(),
        n.getUsername(),
        n.getRolesList(),
        n.getAccountType(),
        n.hasExpiresAt() ? Wire.instant(n.getExpiresAt()) : null);
  }

  @Override
  public SealState status() {
    return state(endpoint.call(() -> openSystem().status(StatusRequest.getDefaultInstance())));
  }

  @Override
  public SealState quickStatus() {
    return state(
        endpoint.call(
            () ->
                endpoint
                    .quick(SystemServiceGrpc::newBlockingStub)
                    .status(StatusRequest.getDefaultInstance())));
  }

  private static SealState state(StatusResponse n) {
    try {
      return SealState.valueOf(n.getState().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Unreachable("the service answered an unknown state '" + n.getState() + "'");
    }
  }

  @Override
  public void init(char[] password) {
    InitRequest request =
        InitRequest.newBuilder().setPasswordBytes(GrpcEndpoint.secret(password)).build();
    endpoint.run(() -> openSystem().init(request));
  }

  @Override
  public void unseal(char[] password) {
    UnsealRequest request =
        UnsealRequest.newBuilder().setPasswordBytes(GrpcEndpoint.secret(password)).build();
    endpoint.run(() -> openSystem().unseal(request));
  }

  @Override
  public void seal() {
    endpoint.run(() -> system().seal(SealRequest.getDefaultInstance()));
  }

  @Override
  public void rekey(char[] oldPassword, char[] newPassword) {
    RekeyRequest request =
        RekeyRequest.newBuilder()
            .setOldPasswordBytes(GrpcEndpoint.secret(oldPassword))
            .setNewPasswordBytes(GrpcEndpoint.secret(newPassword))
            .build();
    endpoint.run(() -> system().rekey(request));
  }

  @Override
  public KeyRotation rotate() {
    return rotation(
        endpoint.call(() -> system().rotateMasterKey(RotateMasterKeyRequest.getDefaultInstance())));
  }

  @Override
  public KeyRotation keyStatus() {
    return rotation(endpoint.call(() -> system().keyStatus(KeyStatusRequest.getDefaultInstance())));
  }

  private static KeyRotation rotation(KeyStatusResponse n) {
    return new KeyRotation(
        n.getActiveVersion(), n.getVersionsList(), n.getEntriesPending(), n.getInProgress());
  }

  @Override
  public List<Mount> mounts() {
    List<Mount> out = new ArrayList<>();
    for (var m :
        endpoint
            .call(() -> engine().listMounts(ListMountsRequest.getDefaultInstance()))
            .getMountsList()) {
      out.add(mount(m));
    }
    return out;
  }

  @Override
  public Mount mount(String name, String type) {
    return mount(
        endpoint.call(
            () ->
                engine()
                    .createMount(
                        CreateMountRequest.newBuilder().setName(name).setType(type).build())));
  }

  @Override
  public void unmount(String name) {
    endpoint.run(() -> engine().deleteMount(DeleteMountRequest.newBuilder().setName(name).build()));
  }

  @Override
  public Map<String, Object> request(String mount, String operation, Map<String, Object> data) {
    switch (operation) {
      case "encrypt":
        return encrypt(mount, data);
      case "decrypt":
        return decrypt(mount, data);
      case "rewrap":
        return rewrap(mount, data);
      case "datakey":
        return dataKey(mount, data);
      case "sign":
        return sign(mount, data);
      case "verify":
        return verify(mount, data);
      case "hmac":
        return hmac(mount, data);
      case "verify-hmac":
        return verifyHmac(mount, data);
      case "list-keys":
        List<String> keys =
            endpoint
                .call(
                    () -> transit().listKeys(ListKeysRequest.newBuilder().setMount(mount).build()))
                .getKeysList();
        return Map.of("keys", List.copyOf(keys));
      default:
        return engineRequest(mount, operation, data);
    }
  }

  private Map<String, Object> engineRequest(
      String mount, String operation, Map<String, Object> data) {
    EngineRequest request =
        EngineRequest.newBuilder()
            .setMount(mount)
            .setOperation(operation)
            .setData(Wire.struct(data))
            .build();
    EngineResponse answer = endpoint.call(() -> engine().request(request));
    return Wire.tree(answer.getData());
  }

  private Map<String, Object> encrypt(String mount, Map<String, Object> data) {
    EncryptRequest request =
        EncryptRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setPlaintext(bytes(data, "plaintext"))
            .setContext(bytes(data, "context"))
            .build();
    return encrypted(endpoint.call(() -> transit().encrypt(request)));
  }

  private Map<String, Object> rewrap(String mount, Map<String, Object> data) {
    RewrapRequest request =
        RewrapRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setCiphertext(text(data, "ciphertext"))
            .setContext(bytes(data, "context"))
            .build();
    return encrypted(endpoint.call(() -> transit().rewrap(request)));
  }

  private static Map<String, Object> encrypted(EncryptResponse n) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ciphertext", n.getCiphertext());
    out.put("key_version", n.getKeyVersion());
    return out;
  }

  private Map<String, Object> decrypt(String mount, Map<String, Object> data) {
    DecryptRequest request =
        DecryptRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setCiphertext(text(data, "ciphertext"))
            .setContext(bytes(data, "context"))
            .build();
    byte[] plaintext = endpoint.call(() -> transit().decrypt(request)).getPlaintext().toByteArray();
    try {
      return Map.of("plaintext", Base64.getEncoder().encodeToString(plaintext));
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  private Map<String, Object> dataKey(String mount, Map<String, Object> data) {
    DataKeyRequest request =
        DataKeyRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setPlaintext(Boolean.TRUE.equals(data.get("plaintext")))
            .setContext(bytes(data, "context"))
            .build();
    DataKeyResponse n = endpoint.call(() -> transit().dataKey(request));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ciphertext", n.getCiphertext());
    out.put("key_version", n.getKeyVersion());
    if (!n.getPlaintext().isEmpty()) {
      out.put("plaintext", Base64.getEncoder().encodeToString(n.getPlaintext().toByteArray()));
    }
    return out;
  }

  private Map<String, Object> sign(String mount, Map<String, Object> data) {
    SignRequest request =
        SignRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setInput(bytes(data, "input"))
            .build();
    SignResponse n = endpoint.call(() -> transit().sign(request));
    return Map.of("signature", n.getSignature(), "key_version", n.getKeyVersion());
  }

  private Map<String, Object> verify(String mount, Map<String, Object> data) {
    VerifyRequest request =
        VerifyRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setInput(bytes(data, "input"))
            .setSignature(text(data, "signature"))
            .build();
    return Map.of("valid", endpoint.call(() -> transit().verify(request)).getValid());
  }

  private Map<String, Object> hmac(String mount, Map<String, Object> data) {
    HmacRequest request =
        HmacRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setInput(bytes(data, "input"))
            .build();
    HmacResponse n = endpoint.call(() -> transit().hmac(request));
    return Map.of("hmac", n.getHmac(), "key_version", n.getKeyVersion());
  }

  private Map<String, Object> verifyHmac(String mount, Map<String, Object> data) {
    VerifyHmacRequest request =
        VerifyHmacRequest.newBuilder()
            .setMount(mount)
            .setKey(key(data))
            .setInput(bytes(data, "input"))
            .setHmac(text(data, "hmac"))
            .build();
    return Map.of("valid", endpoint.call(() -> transit().verifyHmac(request)).getValid());
  }

  private static String key(Map<String, Object> data) {
    return text(data, "key");
  }

  private static String text(Map<String, Object> data, String field) {
    Object v = data.get(field);
    if (!(v instanceof String s)) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    return s;
  }

  /** A base64 field of the shell's request as the bytes the typed call carries (absent: empty). */
  private static ByteString bytes(Map<String, Object> data, String field) {
    Object v = data.get(field);
    if (v == null) {
      return ByteString.EMPTY;
    }
    if (!(v instanceof String s)) {
      throw new DomainException.InvalidInput(field + " must be a base64 string");
    }
    byte[] raw;
    try {
      // The same canonical form the server's JSON doors insist on, so both shells agree.
      raw = dev.metacircular.ports.engine.spi.CanonicalBase64.decode(s);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(field + " must be canonical padded base64");
    }
    try {
      return ByteString.copyFrom(raw);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public RuleClient acl() {
    return rules;
  }

  private static Mount mount(dev.metacircular.grpc.proto.metacrypt.v1.Mount m) {
    try {
      return new Mount(
          m.getName(), m.getType(), m.hasConfig() ? Wire.tree(m.getConfig()) : Map.of());
    } catch (RuntimeException e) {
      throw malformed("mount", e);
    }
  }
}
