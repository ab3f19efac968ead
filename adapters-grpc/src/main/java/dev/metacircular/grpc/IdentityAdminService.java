package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.GetPublicKeyRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetPublicKeyResponse;
import dev.metacircular.grpc.proto.mcias.v1.HealthRequest;
import dev.metacircular.grpc.proto.mcias.v1.HealthResponse;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import io.grpc.stub.StreamObserver;

/** {@code metacircular.mcias.v1.AdminService}: health and the token signing key (public). */
final class IdentityAdminService extends AdminServiceGrpc.AdminServiceImplBase {
  private final TokenValidationUseCase tokens;

  IdentityAdminService(TokenValidationUseCase tokens) {
    this.tokens = tokens;
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthResponse> out) {
    Calls.unary(out, () -> HealthResponse.newBuilder().setStatus("ok").build());
  }

  @Override
  public void getPublicKey(GetPublicKeyRequest request, StreamObserver<GetPublicKeyResponse> out) {
    Calls.unary(
        out,
        () -> {
          PublicSigningKey key = tokens.publicKey();
          return GetPublicKeyResponse.newBuilder()
              .setKty("OKP")
              .setCrv(key.curve())
              .setAlg(key.algorithm())
              .setUse("sig")
              .setKid(key.keyId())
              .setX(key.x())
              .setPem(key.pem())
              .build();
        });
  }
}
