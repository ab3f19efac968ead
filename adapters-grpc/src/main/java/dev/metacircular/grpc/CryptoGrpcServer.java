package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.metacrypt.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.EngineServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.SystemServiceGrpc;
import dev.metacircular.grpc.proto.metacrypt.v1.TransitServiceGrpc;
import dev.metacircular.grpc.proto.sshca.v1.SshCaServiceGrpc;
import dev.metacircular.grpc.proto.u2u.v1.UserCryptoServiceGrpc;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.engine.in.EngineRequestUseCase;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The crypto service's gRPC API ({@code metacircular.metacrypt.v1} plus the policy and audit
 * services over the ACL and the crypto audit log), started on construction and stopped by {@link
 * #close()}. Same ports, same semantics and the same seal gate as the REST API.
 */
public final class CryptoGrpcServer implements AutoCloseable {
  private final GrpcServer server;

  private CryptoGrpcServer(GrpcServer server) {
    this.server = server;
  }

  /**
   * Binds and starts; fails if the address is taken or the key store is unusable.
   *
   * @param json the engine operations by name with JSON-shaped data, for the generic {@code
   *     EngineService.Request} (the apps module wires the one JSON dispatcher the REST door uses);
   *     {@code TransitService} calls {@code api.engines()} typed
   */
  public static CryptoGrpcServer start(
      CryptoUseCases api, EngineRequestUseCase json, GrpcSettings settings) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(settings, "settings");
    PolicyAndAuditServices shared = new PolicyAndAuditServices(api.acl(), api.audit());
    List<BindableService> services =
        List.of(
            new CryptoSystemService(api.seal()),
            new CryptoAuthService(api.auth()),
            new CryptoEngineService(api.mounts(), json),
            new CryptoTransitService(api.engines(), api.transit()),
            new CryptoSshCaService(api.engines()),
            new CryptoUserService(api.engines()),
            new CryptoPkiService(api.engines()));
    SealGateInterceptor gate =
        new SealGateInterceptor(
            api.seal(),
            Set.of(
                SystemServiceGrpc.getStatusMethod().getFullMethodName(),
                SystemServiceGrpc.getHealthMethod().getFullMethodName(),
                SystemServiceGrpc.getInitMethod().getFullMethodName(),
                SystemServiceGrpc.getUnsealMethod().getFullMethodName()));
    return new CryptoGrpcServer(
        shared.startWith(
            services,
            settings,
            access(),
            AuthInterceptor.Authenticator.of(api.auth()::authenticate, api.auth()::requireAdmin),
            gate));
  }

  /** Who may call what: every method of every service above, exactly once. */
  static MethodAccess access() {
    return new MethodAccess()
        .publicMethods(
            SystemServiceGrpc.getStatusMethod(),
            SystemServiceGrpc.getHealthMethod(),
            SystemServiceGrpc.getInitMethod(),
            SystemServiceGrpc.getUnsealMethod(),
            AuthServiceGrpc.getLoginMethod(),
            // the presented token is the subject of these
            AuthServiceGrpc.getLogoutMethod(),
            AuthServiceGrpc.getTokenInfoMethod(),
            // what relying parties fetch to trust the SSH CA
            SshCaServiceGrpc.getGetCaKeyMethod(),
            SshCaServiceGrpc.getGetKrlMethod())
        .authenticated(
            // the ACL decides, per mount, key and operation
            EngineServiceGrpc.getRequestMethod(),
            TransitServiceGrpc.getCreateKeyMethod(),
            TransitServiceGrpc.getGetKeyMethod(),
            TransitServiceGrpc.getListKeysMethod(),
            TransitServiceGrpc.getRotateKeyMethod(),
            TransitServiceGrpc.getUpdateKeyConfigMethod(),
            TransitServiceGrpc.getDeleteKeyMethod(),
            TransitServiceGrpc.getEncryptMethod(),
            TransitServiceGrpc.getDecryptMethod(),
            TransitServiceGrpc.getRewrapMethod(),
            TransitServiceGrpc.getDataKeyMethod(),
            TransitServiceGrpc.getBatchEncryptMethod(),
            TransitServiceGrpc.getBatchDecryptMethod(),
            TransitServiceGrpc.getSignMethod(),
            TransitServiceGrpc.getVerifyMethod(),
            TransitServiceGrpc.getHmacMethod(),
            TransitServiceGrpc.getVerifyHmacMethod(),
            SshCaServiceGrpc.getCreateProfileMethod(),
            SshCaServiceGrpc.getUpdateProfileMethod(),
            SshCaServiceGrpc.getGetProfileMethod(),
            SshCaServiceGrpc.getListProfilesMethod(),
            SshCaServiceGrpc.getDeleteProfileMethod(),
            SshCaServiceGrpc.getSignMethod(),
            SshCaServiceGrpc.getRevokeMethod(),
            SshCaServiceGrpc.getListCertsMethod(),
            SshCaServiceGrpc.getGetCertMethod(),
            UserCryptoServiceGrpc.getRegisterMethod(),
            UserCryptoServiceGrpc.getRotateMethod(),
            UserCryptoServiceGrpc.getGetPublicKeyMethod(),
            UserCryptoServiceGrpc.getEncryptMethod(),
            UserCryptoServiceGrpc.getDecryptMethod())
        .admin(
            SystemServiceGrpc.getSealMethod(),
            SystemServiceGrpc.getRekeyMethod(),
            SystemServiceGrpc.getRotateMasterKeyMethod(),
            SystemServiceGrpc.getKeyStatusMethod(),
            EngineServiceGrpc.getCreateMountMethod(),
            EngineServiceGrpc.getListMountsMethod(),
            EngineServiceGrpc.getDeleteMountMethod())
        .admin(PolicyAndAuditServices.methods())
        .publicMethods(CryptoPkiService.publicMethods().toArray(new MethodDescriptor<?, ?>[0]))
        .authenticated(
            CryptoPkiService.authenticatedMethods().toArray(new MethodDescriptor<?, ?>[0]));
  }

  /** The bound port (the ephemeral one when the settings asked for port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
