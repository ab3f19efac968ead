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
import dev.metacircular.ports.engine.EngineData;
import dev.metacircular.ports.engine.EngineRequest;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.transit.TransitData;
import dev.metacircular.ports.transit.TransitValue;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metacircular.metacrypt.v1.TransitService}: typed transit operations. Encrypt and Decrypt
 * go through the binary {@link TransitData} port (no base64 on the hot path); the others are the
 * same engine requests REST sends, with the bytes base64-encoded into the data map as REST carries
 * them. The ACL and every refusal are the core's, identical to REST's.
 */
final class CryptoTransitService extends TransitServiceGrpc.TransitServiceImplBase {
  private final EngineRequests engines;
  private final TransitData transit;

  CryptoTransitService(EngineRequests engines, TransitData transit) {
    this.engines = engines;
    this.transit = transit;
  }

  @Override
  public void createKey(CreateKeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("name", request.getName());
          data.put("type", request.getType());
          data.put("exportable", request.getExportable());
          return key(call(request.getMount(), "create-key", data));
        });
  }

  @Override
  public void getKey(KeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out, () -> key(call(request.getMount(), "get-key", Map.of("name", request.getName()))));
  }

  @Override
  public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> result = call(request.getMount(), "list-keys", Map.of());
          ListKeysResponse.Builder keys = ListKeysResponse.newBuilder();
          for (Object name : (List<?>) result.get("keys")) {
            keys.addKeys((String) name);
          }
          return keys.build();
        });
  }

  @Override
  public void rotateKey(KeyRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out, () -> key(call(request.getMount(), "rotate-key", Map.of("name", request.getName()))));
  }

  @Override
  public void updateKeyConfig(UpdateKeyConfigRequest request, StreamObserver<TransitKey> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("name", request.getName());
          if (request.hasMinDecryptionVersion()) {
            data.put("min_decryption_version", request.getMinDecryptionVersion());
          }
          if (request.hasDeletionAllowed()) {
            data.put("deletion_allowed", request.getDeletionAllowed());
          }
          return key(call(request.getMount(), "update-key-config", data));
        });
  }

  @Override
  public void deleteKey(KeyRequest request, StreamObserver<DeleteKeyResponse> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> result =
              call(request.getMount(), "delete-key", Map.of("name", request.getName()));
          return DeleteKeyResponse.newBuilder().setName((String) result.get("name")).build();
        });
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
        () -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("key", request.getKey());
          data.put("ciphertext", request.getCiphertext());
          putContext(data, request.getContext());
          Map<String, Object> result = call(request.getMount(), "rewrap", data);
          return EncryptResponse.newBuilder()
              .setCiphertext((String) result.get("ciphertext"))
              .setKeyVersion(version(result))
              .build();
        });
  }

  @Override
  public void dataKey(DataKeyRequest request, StreamObserver<DataKeyResponse> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("key", request.getKey());
          data.put("plaintext", request.getPlaintext());
          putContext(data, request.getContext());
          Map<String, Object> result = call(request.getMount(), "datakey", data);
          DataKeyResponse.Builder answer =
              DataKeyResponse.newBuilder()
                  .setCiphertext((String) result.get("ciphertext"))
                  .setKeyVersion(version(result));
          if (result.get("plaintext") instanceof String key) {
            answer.setPlaintext(bytes("plaintext", key));
          }
          return answer.build();
        });
  }

  @Override
  public void batchEncrypt(BatchEncryptRequest request, StreamObserver<BatchEncryptResponse> out) {
    Calls.unary(
        out,
        () -> {
          List<Object> items = new ArrayList<>(request.getItemsCount());
          for (BatchEncryptItem item : request.getItemsList()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("plaintext", EngineData.encodeBase64(item.getPlaintext().toByteArray()));
            putContext(one, item.getContext());
            items.add(one);
          }
          Map<String, Object> result =
              call(
                  request.getMount(),
                  "batch-encrypt",
                  Map.of("key", request.getKey(), "items", items));
          BatchEncryptResponse.Builder answer = BatchEncryptResponse.newBuilder();
          for (Object r : (List<?>) result.get("results")) {
            Map<?, ?> one = (Map<?, ?>) r;
            BatchEncryptResult.Builder item = BatchEncryptResult.newBuilder();
            if (one.get("error") instanceof String error) {
              item.setError(error);
            } else {
              item.setCiphertext((String) one.get("ciphertext"))
                  .setKeyVersion(((Number) one.get("key_version")).intValue());
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
          List<Object> items = new ArrayList<>(request.getItemsCount());
          for (BatchDecryptItem item : request.getItemsList()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("ciphertext", item.getCiphertext());
            putContext(one, item.getContext());
            items.add(one);
          }
          Map<String, Object> result =
              call(
                  request.getMount(),
                  "batch-decrypt",
                  Map.of("key", request.getKey(), "items", items));
          BatchDecryptResponse.Builder answer = BatchDecryptResponse.newBuilder();
          for (Object r : (List<?>) result.get("results")) {
            Map<?, ?> one = (Map<?, ?>) r;
            BatchDecryptResult.Builder item = BatchDecryptResult.newBuilder();
            if (one.get("error") instanceof String error) {
              item.setError(error);
            } else {
              item.setPlaintext(bytes("plaintext", (String) one.get("plaintext")));
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
          Map<String, Object> result =
              call(
                  request.getMount(),
                  "sign",
                  Map.of(
                      "key", request.getKey(),
                      "input", EngineData.encodeBase64(request.getInput().toByteArray())));
          return SignResponse.newBuilder()
              .setSignature((String) result.get("signature"))
              .setKeyVersion(version(result))
              .build();
        });
  }

  @Override
  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> out) {
    Calls.unary(
        out,
        () ->
            valid(
                call(
                    request.getMount(),
                    "verify",
                    Map.of(
                        "key", request.getKey(),
                        "input", EngineData.encodeBase64(request.getInput().toByteArray()),
                        "signature", request.getSignature()))));
  }

  @Override
  public void hmac(HmacRequest request, StreamObserver<HmacResponse> out) {
    Calls.unary(
        out,
        () -> {
          Map<String, Object> result =
              call(
                  request.getMount(),
                  "hmac",
                  Map.of(
                      "key", request.getKey(),
                      "input", EngineData.encodeBase64(request.getInput().toByteArray())));
          return HmacResponse.newBuilder()
              .setHmac((String) result.get("hmac"))
              .setKeyVersion(version(result))
              .build();
        });
  }

  @Override
  public void verifyHmac(VerifyHmacRequest request, StreamObserver<VerifyResponse> out) {
    Calls.unary(
        out,
        () ->
            valid(
                call(
                    request.getMount(),
                    "verify-hmac",
                    Map.of(
                        "key", request.getKey(),
                        "input", EngineData.encodeBase64(request.getInput().toByteArray()),
                        "hmac", request.getHmac()))));
  }

  private Map<String, Object> call(String mount, String operation, Map<String, Object> data) {
    return engines.handle(Door.caller(), new EngineRequest(mount, operation, data));
  }

  private static void putContext(Map<String, Object> data, ByteString context) {
    if (!context.isEmpty()) {
      data.put("context", EngineData.encodeBase64(context.toByteArray()));
    }
  }

  private static int version(Map<String, Object> result) {
    return ((Number) result.get("key_version")).intValue();
  }

  private static ByteString bytes(String field, String base64) {
    byte[] raw = EngineData.decodeBase64(field, base64);
    try {
      return ByteString.copyFrom(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static VerifyResponse valid(Map<String, Object> result) {
    return VerifyResponse.newBuilder().setValid(Boolean.TRUE.equals(result.get("valid"))).build();
  }

  private static TransitKey key(Map<String, Object> m) {
    TransitKey.Builder key =
        TransitKey.newBuilder()
            .setName((String) m.get("name"))
            .setType((String) m.get("type"))
            .setLatestVersion(((Number) m.get("latest_version")).intValue())
            .setMinDecryptionVersion(((Number) m.get("min_decryption_version")).intValue())
            .setDeletionAllowed(Boolean.TRUE.equals(m.get("deletion_allowed")))
            .setExportable(Boolean.TRUE.equals(m.get("exportable")));
    for (Object v : (List<?>) m.get("versions")) {
      Map<?, ?> version = (Map<?, ?>) v;
      TransitKeyVersion.Builder out =
          TransitKeyVersion.newBuilder()
              .setVersion(((Number) version.get("version")).intValue())
              .setCreatedAt(Wire.timestamp(Instant.parse((String) version.get("created_at"))));
      if (version.get("public_key") instanceof String pem) {
        out.setPublicKey(pem);
      }
      key.addVersions(out);
    }
    return key.build();
  }
}
