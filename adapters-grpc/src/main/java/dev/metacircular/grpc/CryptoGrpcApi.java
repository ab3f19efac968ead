package dev.metacircular.grpc;

import dev.metacircular.ports.delegation.DelegatedAuthentication;
import dev.metacircular.ports.engine.in.EngineOperations;
import dev.metacircular.ports.engine.in.EngineRequests;
import dev.metacircular.ports.engine.in.MountAdministration;
import dev.metacircular.ports.identity.in.AuditQuery;
import dev.metacircular.ports.policy.PolicyAdministration;
import dev.metacircular.ports.seal.SealUseCase;
import dev.metacircular.ports.transit.in.TransitData;
import java.util.Objects;

/**
 * The inbound ports the crypto service's gRPC API calls.
 *
 * @param engines engine operations with JSON-shaped data, for {@code EngineService.Request} (the
 *     generic dispatcher the apps module wires in)
 * @param operations typed engine operations, for {@code TransitService}
 * @param transit transit encryption and decryption with binary values
 */
public record CryptoGrpcApi(
    SealUseCase seal,
    DelegatedAuthentication auth,
    MountAdministration mounts,
    EngineRequests engines,
    EngineOperations operations,
    TransitData transit,
    PolicyAdministration acl,
    AuditQuery audit) {

  public CryptoGrpcApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(transit, "transit");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(audit, "audit");
  }
}
