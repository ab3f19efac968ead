package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.metacrypt.v1.CreateMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteMountResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.Mount;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.metacrypt.v1.EngineService}: mounts (admin) and any engine request. */
final class CryptoEngineService extends EngineServiceGrpc.EngineServiceImplBase {
  private final MountAdminUseCase mounts;
  private final EngineRequestUseCase engines;

  CryptoEngineService(MountAdminUseCase mounts, EngineRequestUseCase engines) {
    this.mounts = mounts;
    this.engines = engines;
  }

  @Override
  public void createMount(CreateMountRequest request, StreamObserver<Mount> out) {
    Calls.unary(
        out,
        () ->
            mount(
                mounts.mount(
                    Door.caller(),
                    request.getName(),
                    request.getType(),
                    Wire.tree(request.getConfig()))));
  }

  @Override
  public void listMounts(ListMountsRequest request, StreamObserver<ListMountsResponse> out) {
    Calls.unary(
        out,
        () -> {
          ListMountsResponse.Builder list = ListMountsResponse.newBuilder();
          mounts.list(Door.caller()).forEach(m -> list.addMounts(mount(m)));
          return list.build();
        });
  }

  @Override
  public void deleteMount(DeleteMountRequest request, StreamObserver<DeleteMountResponse> out) {
    Calls.unary(
        out,
        () -> {
          mounts.unmount(Door.caller(), request.getName());
          return DeleteMountResponse.getDefaultInstance();
        });
  }

  @Override
  public void request(EngineRequest request, StreamObserver<EngineResponse> out) {
    Calls.unary(
        out,
        () ->
            EngineResponse.newBuilder()
                .setData(
                    Wire.struct(
                        engines.handle(
                            Door.caller(),
                            new dev.metacircular.ports.engine.in.EngineRequest(
                                request.getMount(),
                                request.getOperation(),
                                Wire.tree(request.getData())))))
                .build());
  }

  private static Mount mount(dev.metacircular.ports.engine.in.Mount mount) {
    return Mount.newBuilder()
        .setName(mount.name())
        .setType(mount.type())
        .setConfig(Wire.struct(mount.config()))
        .build();
  }
}
