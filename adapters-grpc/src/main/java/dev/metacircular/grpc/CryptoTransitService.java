package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptItem;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchDecryptResult;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptItem;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.BatchEncryptResult;
import dev.metacircular.grpc.proto.metacrypt.v1.CreateKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DataKeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DataKeyResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DecryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteKeyResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EncryptResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.HmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.HmacResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.KeyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListKeysRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.ListKeysResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.RewrapRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SignResponse;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitKey;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitKeyVersion;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.UpdateKeyConfigRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyHmacRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.VerifyResponse;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.transit.in.BatchDecrypt;
import dev.metacircular.ports.transit.in.BatchDecrypted;
import dev.metacircular.ports.transit.in.BatchEncrypt;
import dev.metacircular.ports.transit.in.BatchEncrypted;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.DataKey;
import dev.metacircular.ports.transit.in.Hmac;
import dev.metacircular.ports.transit.in.HmacTag;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.ListKeys;
import dev.metacircular.ports.transit.in.Rewrap;
import dev.metacircular.ports.transit.in.Sign;
import dev.metacircular.ports.transit.in.Signature;
import dev.metacircular.ports.transit.in.TransitDataUseCase;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import dev.metacircular.ports.transit.in.UpdateKeyConfig;
import dev.metacircular.ports.transit.in.Validity;
import dev.metacircular.ports.transit.in.Verify;
import dev.metacircular.ports.transit.in.VerifyHmac;
import dev.metacircular.ports.transit.in.WrappedDataKey;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code metacircular.metacrypt.v1.TransitService}: typed transit operations. Each RPC builds the
 * operation's request record from its proto and runs it through {@link EngineUseCase} (Encrypt and
 * Decrypt through the binary {@link TransitDataUseCase} port, the same run), then copies the
 * response record into the proto: no maps, no casts, no base64 on the way. The ACL and every
 * refusal are the core's, identical to REST's.
 */
final class CryptoTransitService extends TransitServiceGrpc.TransitServiceImplBase {
  private final EngineUseCase operations;
  private final TransitDataUseCase transit;

  CryptoTransitService(EngineUseCase operations, TransitDataUseCase transit) {
    this.operations = operations;
    this.transit = transit;
  }

  @Override
  public void createKey(CreateKeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                run(
                    request.getMount(),
                    TransitOperations.CREATE_KEY,
                    request.getName(),
                    () ->
                        new CreateKey(
                            request.getName(), request.getType(), request.getExportable()))));
  }

  @Override
  public void getKey(KeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                run(
                    request.getMount(),
                    TransitOperations.GET_KEY,
                    request.getName(),
                    () -> new KeyName(request.getName()))));
  }

  @Override
  public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> out) {
    Calls.unary(
        out,
        () ->
            ListKeysResponse.newBuilder()
                .addAllKeys(
                    run(request.getMount(), TransitOperations.LIST_KEYS, new ListKeys()).keys())
                .build());
  }

  @Override
  public void rotateKey(KeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                run(
                    request.getMount(),
                    TransitOperations.ROTATE_KEY,
                    request.getName(),
                    () -> new KeyName(request.getName()))));
  }

  @Override
  public void updateKeyConfig(UpdateKeyConfigRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () ->
            key(
                run(
                    request.getMount(),
                    TransitOperations.UPDATE_KEY_CONFIG,
                    request.getName(),
                    () ->
                        new UpdateKeyConfig(
                            request.getName(),
                            request.hasMinDecryptionVersion()
                                ? request.getMinDecryptionVersion()
                                : null,
                            request.hasDeletionAllowed() ? request.getDeletionAllowed() : null))));
  }

  @Override
  public void deleteKey(KeyRequest request, StreamObserver<DeleteKeyResponse> out) {
    Calls.unary(
        out,
        () ->
            DeleteKeyResponse.newBuilder()
                .setName(
                    run(
                            request.getMount(),
                            TransitOperations.DELETE_KEY,
                            request.getName(),
                            () -> new KeyName(request.getName()))
                        .name())
                .build());
  }

  @Override
  public void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          byte[] plaintext = request.getPlaintext().toByteArray();
          try {
            TransitValue value =
                transit.encrypt(
                    Door.caller(),
                    request.getMount(),
                    request.getKey(),
                    plaintext,
                    Wire.orNull(request.getContext()));
            return EncryptResponse.newBuilder()
                .setCiphertext(value.text())
                .setKeyVersion(value.version())
                .build();
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
          TransitValue ciphertext = TransitValue.parse("ciphertext", request.getCiphertext());
          byte[] plaintext =
              transit.decrypt(
                  Door.caller(),
                  request.getMount(),
                  request.getKey(),
                  ciphertext,
                  Wire.orNull(request.getContext()));
          try {
            return DecryptResponse.newBuilder()
                .setPlaintext(ByteString.copyFrom(plaintext))
                .build();
          } finally {
            Arrays.fill(plaintext, (byte) 0);
          }
        });
  }

  @Override
  public void rewrap(RewrapRequest request, StreamObserver<EncryptResponse> out) {
    Calls.unary(
        out,
        () ->
            ciphertext(
                run(
                    request.getMount(),
                    TransitOperations.REWRAP,
                    request.getKey(),
                    () ->
                        new Rewrap(
                            request.getKey(),
                            TransitValue.parse("ciphertext", request.getCiphertext()),
                            Wire.orNull(request.getContext())))));
  }

  @Override
  public void dataKey(DataKeyRequest request, StreamObserver<DataKeyResponse> out) {
    Calls.unary(
        out,
        () -> {
          WrappedDataKey result =
              run(
                  request.getMount(),
                  TransitOperations.DATAKEY,
                  request.getKey(),
                  () ->
                      new DataKey(
                          request.getKey(),
                          request.getPlaintext(),
                          Wire.orNull(request.getContext())));
          DataKeyResponse.Builder answer =
              DataKeyResponse.newBuilder()
                  .setCiphertext(result.ciphertext().text())
                  .setKeyVersion(result.keyVersion());
          if (result.plaintext() != null) {
            answer.setPlaintext(ByteString.copyFrom(result.plaintext()));
            Arrays.fill(result.plaintext(), (byte) 0);
          }
          return answer.build();
        });
  }

  @Override
  public void batchEncrypt(BatchEncryptRequest request, StreamObserver<BatchEncryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          List<BatchItem<BatchEncrypt.EncryptItem>> items =
              new ArrayList<>(request.getItemsCount());
          for (BatchEncryptItem item : request.getItemsList()) {
            items.add(
                BatchItem.of(
                    () ->
                        new BatchEncrypt.EncryptItem(
                            item.getPlaintext().toByteArray(), Wire.orNull(item.getContext()))));
          }
          BatchEncrypted result =
              run(
                  request.getMount(),
                  TransitOperations.BATCH_ENCRYPT,
                  request.getKey(),
                  () -> new BatchEncrypt(request.getKey(), items));
          wipeEncryptItems(items);
          BatchEncryptResponse.Builder answer = BatchEncryptResponse.newBuilder();
          for (BatchEncrypted.Result one : result.results()) {
            BatchEncryptResult.Builder item = BatchEncryptResult.newBuilder();
            if (one.error() != null) {
              item.setError(one.error());
            } else {
              item.setCiphertext(one.ciphertext().text()).setKeyVersion(one.keyVersion());
            }
            answer.addResults(item);
          }
          return answer.build();
        });
  }

  @Override
  public void batchDecrypt(BatchDecryptRequest request, StreamObserver<BatchDecryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          List<BatchItem<BatchDecrypt.DecryptItem>> items =
              new ArrayList<>(request.getItemsCount());
          for (BatchDecryptItem item : request.getItemsList()) {
            items.add(
                BatchItem.of(
                    () ->
                        new BatchDecrypt.DecryptItem(
                            TransitValue.parse("ciphertext", item.getCiphertext()),
                            Wire.orNull(item.getContext()))));
          }
          BatchDecrypted result =
              run(
                  request.getMount(),
                  TransitOperations.BATCH_DECRYPT,
                  request.getKey(),
                  () -> new BatchDecrypt(request.getKey(), items));
          BatchDecryptResponse.Builder answer = BatchDecryptResponse.newBuilder();
          for (BatchDecrypted.Result one : result.results()) {
            BatchDecryptResult.Builder item = BatchDecryptResult.newBuilder();
            if (one.error() != null) {
              item.setError(one.error());
            } else {
              item.setPlaintext(ByteString.copyFrom(one.plaintext()));
              Arrays.fill(one.plaintext(), (byte) 0);
            }
            answer.addResults(item);
          }
          return answer.build();
        });
  }

  @Override
  public void sign(SignRequest request, StreamObserver<SignResponse> out) {
    Calls.unary(
        out,
        () -> {
          Signature result =
              run(
                  request.getMount(),
                  TransitOperations.SIGN,
                  request.getKey(),
                  () -> new Sign(request.getKey(), request.getInput().toByteArray()));
          return SignResponse.newBuilder()
              .setSignature(result.signature().text())
              .setKeyVersion(result.keyVersion())
              .build();
        });
  }

  @Override
  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> out) {
    Calls.unary(
        out,
        () ->
            valid(
                run(
                    request.getMount(),
                    TransitOperations.VERIFY,
                    request.getKey(),
                    () ->
                        new Verify(
                            request.getKey(),
                            request.getInput().toByteArray(),
                            TransitValue.parse("signature", request.getSignature())))));
  }

  @Override
  public void hmac(HmacRequest request, StreamObserver<HmacResponse> out) {
    Calls.unary(
        out,
        () -> {
          HmacTag result =
              run(
                  request.getMount(),
                  TransitOperations.HMAC,
                  request.getKey(),
                  () -> new Hmac(request.getKey(), request.getInput().toByteArray()));
          return HmacResponse.newBuilder()
              .setHmac(result.hmac().text())
              .setKeyVersion(result.keyVersion())
              .build();
        });
  }

  @Override
  public void verifyHmac(VerifyHmacRequest request, StreamObserver<VerifyResponse> out) {
    Calls.unary(
        out,
        () ->
            valid(
                run(
                    request.getMount(),
                    TransitOperations.VERIFY_HMAC,
                    request.getKey(),
                    () ->
                        new VerifyHmac(
                            request.getKey(),
                            request.getInput().toByteArray(),
                            TransitValue.parse("hmac", request.getHmac())))));
  }

  /** Runs {@code operation} with a request that cannot be refused ({@code list-keys}). */
  private <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, Q request) {
    return operations.run(Door.caller(), mount, operation, request);
  }

  /**
   * Runs {@code operation} with the record {@code build} makes from the message, built only once
   * the ACL has let the caller in (a denied caller is refused whatever he sent, as on the JSON
   * door); {@code key} is the name the operation's resource path takes meanwhile.
   */
  private <Q extends Record, R extends Record> R run(
      String mount, Operation<Q, R> operation, String key, Supplier<Q> build) {
    return Door.run(operations, mount, operation, key, build);
  }

  private static void wipeEncryptItems(List<BatchItem<BatchEncrypt.EncryptItem>> items) {
    for (BatchItem<BatchEncrypt.EncryptItem> item : items) {
      if (item instanceof BatchItem.Valid<BatchEncrypt.EncryptItem> valid) {
        Arrays.fill(valid.value().plaintext(), (byte) 0);
      }
    }
  }

  private static EncryptResponse ciphertext(Ciphertext result) {
    return EncryptResponse.newBuilder()
        .setCiphertext(result.ciphertext().text())
        .setKeyVersion(result.keyVersion())
        .build();
  }

  private static VerifyResponse valid(Validity result) {
    return VerifyResponse.newBuilder().setValid(result.valid()).build();
  }

  private static TransitKey key(KeyInfo info) {
    TransitKey.Builder key =
        TransitKey.newBuilder()
            .setName(info.name())
            .setType(info.type())
            .setLatestVersion(info.latestVersion())
            .setMinDecryptionVersion(info.minDecryptionVersion())
            .setDeletionAllowed(info.deletionAllowed())
            .setExportable(info.exportable());
    for (KeyInfo.Version version : info.versions()) {
      TransitKeyVersion.Builder out =
          TransitKeyVersion.newBuilder()
              .setVersion(version.version())
              .setCreatedAt(Wire.timestamp(version.createdAt()));
      if (version.publicKey() != null) {
        out.setPublicKey(version.publicKey());
      }
      key.addVersions(out);
    }
    return key.build();
  }
}
