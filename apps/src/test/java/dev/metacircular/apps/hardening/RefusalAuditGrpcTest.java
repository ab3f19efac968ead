package dev.metacircular.apps.hardening;

import static dev.metacircular.apps.hardening.RefusalAuditPlatform.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.DeleteAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.DeleteMountRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.ListMountsRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SealRequest;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 5 at the gRPC door of both services: the door's own admin check (the access map), a
 * missing token and an admin's NOT_FOUND are audited like at the REST door, the admin check naming
 * the gRPC method.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalAuditGrpcTest {
  Path dir;
  RefusalAuditPlatform p;
  String identityAdmin;
  String cryptoAdmin;
  String alice;
  String aliceCrypto;
  String aliceId;
  ManagedChannel identity;
  ManagedChannel crypto;

  @BeforeAll
  void start(@TempDir Path tmp) {
    dir = tmp;
    p = new RefusalAuditPlatform(dir);
    identityAdmin = p.identityLogin("admin", p.adminPassword);
    cryptoAdmin = p.cryptoLogin("admin", p.adminPassword);
    alice = p.identityLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
    aliceCrypto = p.cryptoLogin(RefusalAuditPlatform.USER, RefusalAuditPlatform.USER_PASSWORD);
    aliceId = p.identity("GET", "/v1/auth/me", alice, null).json().get("id").asText();
    identity = p.identityChannel();
    crypto = p.cryptoChannel();
  }

  @AfterAll
  void stop() {
    p.close();
  }

  private static void refused(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void theIdentityDoorsAdminCheckIsAuditedNamingTheMethod() {
    String method = AccountServiceGrpc.getListAccountsMethod().getFullMethodName();
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            bearer(AccountServiceGrpc.newBlockingStub(identity), alice)
                .listAccounts(ListAccountsRequest.getDefaultInstance()));

    JsonNode e = p.lastRefusal(p.identityBase(), identityAdmin, method);
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("source_address").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("details").get("status").asText()).isEqualTo("403");
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
  }

  @Test
  void anAdminsNotFoundOverGrpcIsAudited() {
    String nobody = UUID.randomUUID().toString();
    refused(
        Status.Code.NOT_FOUND,
        () ->
            bearer(AccountServiceGrpc.newBlockingStub(identity), identityAdmin)
                .deleteAccount(DeleteAccountRequest.newBuilder().setId(nobody).build()));
    assertThat(
            p.lastRefusal(p.identityBase(), identityAdmin, "accounts.delete")
                .get("subject")
                .asText())
        .isEqualTo(nobody);

    refused(
        Status.Code.NOT_FOUND,
        () ->
            bearer(EngineServiceGrpc.newBlockingStub(crypto), cryptoAdmin)
                .deleteMount(DeleteMountRequest.newBuilder().setName("nowhere").build()));
    assertThat(p.lastRefusal(p.cryptoBase(), cryptoAdmin, "mounts.unmount").get("subject").asText())
        .isEqualTo("nowhere");
  }

  @Test
  void aMissingTokenOverGrpcIsAuditedWithoutACaller() {
    refused(
        Status.Code.UNAUTHENTICATED,
        () ->
            AccountServiceGrpc.newBlockingStub(identity)
                .listAccounts(ListAccountsRequest.getDefaultInstance()));
    JsonNode e = p.lastRefusal(p.identityBase(), identityAdmin, "tokens.authenticate");
    assertThat(e.get("actor").asText()).isEmpty();
    assertThat(e.get("details").get("reason").asText()).isEqualTo("missing token");

    refused(
        Status.Code.UNAUTHENTICATED,
        () ->
            EngineServiceGrpc.newBlockingStub(crypto)
                .listMounts(ListMountsRequest.getDefaultInstance()));
    assertThat(
            p.lastRefusal(p.cryptoBase(), cryptoAdmin, "auth.authenticate")
                .get("details")
                .get("reason")
                .asText())
        .isEqualTo("missing token");
  }

  @Test
  void aUsersSealOverGrpcIsAuditedNamingTheMethod() {
    String method = SystemServiceGrpc.getSealMethod().getFullMethodName();
    refused(
        Status.Code.PERMISSION_DENIED,
        () ->
            bearer(SystemServiceGrpc.newBlockingStub(crypto), aliceCrypto)
                .seal(SealRequest.getDefaultInstance()));

    JsonNode e = p.lastRefusal(p.cryptoBase(), cryptoAdmin, method);
    assertThat(e.get("actor").asText()).isEqualTo(aliceId);
    assertThat(e.get("details").get("username").asText()).isEqualTo("alice");
    assertThat(p.crypto("GET", "/v1/status", null, null).json().get("state").asText())
        .isEqualTo("unsealed");
  }
}
