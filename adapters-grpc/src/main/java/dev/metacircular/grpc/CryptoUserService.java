package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.u2u.v1.DecryptRequest;
import dev.metacircular.grpc.proto.u2u.v1.DecryptResponse;
import dev.metacircular.grpc.proto.u2u.v1.EncryptRequest;
import dev.metacircular.grpc.proto.u2u.v1.EncryptResponse;
import dev.metacircular.grpc.proto.u2u.v1.GetPublicKeyRequest;
import dev.metacircular.grpc.proto.u2u.v1.MountRequest;
import dev.metacircular.grpc.proto.u2u.v1.UserCryptoServiceGrpc;
import dev.metacircular.grpc.proto.u2u.v1.UserPublicKey;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.GetPublicKey;
import dev.metacircular.ports.u2u.in.OpenedMessage;
import dev.metacircular.ports.u2u.in.Register;
import dev.metacircular.ports.u2u.in.Rotate;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;

/**
 * {@code metacircular.u2u.v1.UserCryptoService}: user-to-user encryption, typed. Each RPC runs the
 * operation's record through {@link EngineUseCase} as the authenticated caller; plaintexts are
 * wiped once answered.
 */
final class CryptoUserService extends UserCryptoServiceGrpc.UserCryptoServiceImplBase {
  private final EngineUseCase operations;

  CryptoUserService(EngineUseCase operations) {
    this.operations = operations;
  }

  @Override
  public void register(MountRequest request, StreamObserver<UserPublicKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                operations.run(
                    Door.caller(),
                    request.getMount(),
                    UserCryptoOperations.REGISTER,
                    new Register())));
  }

  @Override
  public void rotate(MountRequest request, StreamObserver<UserPublicKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                operations.run(
                    Door.caller(), request.getMount(), UserCryptoOperations.ROTATE, new Rotate())));
  }

  @Override
  public void getPublicKey(GetPublicKeyRequest request, StreamObserver<UserPublicKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                Door.run(
                    operations,
                    request.getMount(),
                    UserCryptoOperations.GET_PUBLIC_KEY,
                    request.getUsername(),
                    () -> new GetPublicKey(request.getUsername()))));
  }

  @Override
  public void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          byte[] plaintext = request.getPlaintext().toByteArray();
          try {
            byte[] envelope =
                Door.run(
                        operations,
                        request.getMount(),
                        UserCryptoOperations.ENCRYPT,
                        "",
                        () ->
                            new EncryptMessage(
                                request.getRecipientsList(),
                                plaintext,
                                Wire.orNull(request.getContext())))
                    .envelope();
            return EncryptResponse.newBuilder().setEnvelope(ByteString.copyFrom(envelope)).build();
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
        });
  }

  @Override
  public void decrypt(DecryptRequest request, StreamObserver<DecryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          OpenedMessage m =
              Door.run(
                  operations,
                  request.getMount(),
                  UserCryptoOperations.DECRYPT,
                  "",
                  () -> new DecryptMessage(request.getEnvelope().toByteArray()));
          try {
            DecryptResponse.Builder b =
                DecryptResponse.newBuilder()
                    .setPlaintext(ByteString.copyFrom(m.plaintext()))
                    .setSender(m.sender())
                    .addAllRecipients(m.recipients())
                    .setSentAt(Wire.timestamp(m.sentAt()));
            if (m.context() != null) {
              b.setContext(ByteString.copyFrom(m.context()));
            }
            return b.build();
          } finally {
            Arrays.fill(m.plaintext(), (byte) 0);
          }
        });
  }

  private static UserPublicKey key(dev.metacircular.ports.u2u.in.UserPublicKey k) {
    return UserPublicKey.newBuilder()
        .setUsername(k.username())
        .setPublicKey(ByteString.copyFrom(k.publicKey()))
        .setKeyVersion(k.keyVersion())
        .setKeyType(k.keyType())
        .build();
  }
}
