package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.metacrypt.v1.HealthRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.HealthResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.InitRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyStatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.RekeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.RekeyResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.RotateMasterKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.StatusResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.UnsealRequest;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.in.SealUseCase;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.metacrypt.v1.SystemService}: the seal barrier. */
final class CryptoSystemService extends SystemServiceGrpc.SystemServiceImplBase {
  private final SealUseCase seal;

  CryptoSystemService(SealUseCase seal) {
    this.seal = seal;
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
    Calls.unary(out, this::state);
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthResponse> out) {
    Calls.unary(out, () -> HealthResponse.newBuilder().setStatus("ok").build());
  }

  @Override
  public void init(InitRequest request, StreamObserver<StatusResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.require(request.getPasswordBytes(), "password");
          try {
            seal.initialize(password);
          } finally {
            Secrets.wipe(password);
          }
          return state();
        });
  }

  @Override
  public void unseal(UnsealRequest request, StreamObserver<StatusResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.require(request.getPasswordBytes(), "password");
          try {
            seal.unseal(password, Door.source());
          } finally {
            Secrets.wipe(password);
          }
          return state();
        });
  }

  @Override
  public void seal(SealRequest request, StreamObserver<StatusResponse> out) {
    Calls.unary(
        out,
        () -> {
          seal.seal(Door.caller());
          return state();
        });
  }

  @Override
  public void rekey(RekeyRequest request, StreamObserver<RekeyResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] oldPassword = Secrets.require(request.getOldPasswordBytes(), "old_password");
          char[] newPassword = null;
          try {
            newPassword = Secrets.require(request.getNewPasswordBytes(), "new_password");
            seal.rekey(Door.caller(), oldPassword, newPassword);
          } finally {
            Secrets.wipe(oldPassword, newPassword);
          }
          return RekeyResponse.getDefaultInstance();
        });
  }

  @Override
  public void rotateMasterKey(
      RotateMasterKeyRequest request, StreamObserver<KeyStatusResponse> out) {
    Calls.unary(out, () -> keyStatus(seal.rotateMasterKey(Door.caller())));
  }

  @Override
  public void keyStatus(KeyStatusRequest request, StreamObserver<KeyStatusResponse> out) {
    Calls.unary(out, () -> keyStatus(seal.keyStatus(Door.caller())));
  }

  private StatusResponse state() {
    return StatusResponse.newBuilder().setState(seal.state().wireName()).build();
  }

  private static KeyStatusResponse keyStatus(KeyRotation rotation) {
    return KeyStatusResponse.newBuilder()
        .setActiveVersion(rotation.activeVersion())
        .addAllVersions(rotation.versions())
        .setEntriesPending(rotation.entriesPending())
        .setInProgress(rotation.inProgress())
        .build();
  }
}
