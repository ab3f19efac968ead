package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RekeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RotateMasterKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.TokenInfoResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.UnsealRequest;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.RecordTrees;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.util.ArrayList;
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
  private final RecordTrees trees;

  /**
   * @param trees the JSON door's record mapping (adapters-rest's {@code OperationTrees}), which the
   *     composition root hands in, so an operation's data looks the same on both wires
   */
  public GrpcCryptoClient(GrpcEndpoint endpoint, RecordTrees trees) {
    super(endpoint, AuthServiceGrpc.getLoginMethod(), AuthServiceGrpc.getLogoutMethod());
    this.trees = java.util.Objects.requireNonNull(trees, "trees");
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
  public Mount mount(String name, String type, Map<String, Object> config) {
    return mount(
        endpoint.call(
            () ->
                engine()
                    .createMount(
                        CreateMountRequest.newBuilder()
                            .setName(name)
                            .setType(type)
                            .setConfig(Wire.struct(config))
                            .build())));
  }

  @Override
  public void unmount(String name) {
    endpoint.run(() -> engine().deleteMount(DeleteMountRequest.newBuilder().setName(name).build()));
  }

  /**
   * Every operation goes through {@code EngineService.Request}, its request record written and its
   * answer read with the JSON door's mapping: one path for every engine, so a new engine needs no
   * client code (the typed services, such as {@code TransitService}, are for programs that speak
   * gRPC directly).
   */
  @Override
  public <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, Q request) {
    EngineRequest message =
        EngineRequest.newBuilder()
            .setMount(mount)
            .setOperation(operation.name())
            .setData(Wire.struct(trees.tree(operation.cast(request))))
            .build();
    EngineResponse answer = endpoint.call(() -> engine().request(message));
    Map<String, Object> data;
    try {
      data = Wire.tree(answer.getData());
      return trees.read(data, operation.response());
    } catch (RuntimeException e) {
      throw malformed(operation.name(), e);
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
