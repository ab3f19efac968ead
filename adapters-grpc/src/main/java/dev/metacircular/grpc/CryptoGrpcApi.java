package dev.metacircular.grpc;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.engine.MountAdministration;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.transit.TransitData;
import java.util.Objects;

/**
 * The inbound ports the crypto service's gRPC API calls: REST's six, plus {@link TransitData} for
 * transit encryption and decryption with binary values.
 */
public record CryptoGrpcApi(
    SealUseCase seal,
    DelegatedAuthenticationUseCase auth,
    MountAdministration mounts,
    EngineRequests engines,
    TransitData transit,
    PolicyAdminUseCase acl,
    AuditUseCase audit) {

  public CryptoGrpcApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(transit, "transit");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(audit, "audit");
  }
}
