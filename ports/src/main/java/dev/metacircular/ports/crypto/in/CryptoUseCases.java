package dev.metacircular.ports.crypto.in;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.transit.in.TransitDataUseCase;
import java.util.Objects;

/**
 * Every inbound port of the crypto service, in one value: what each of its doors (REST, gRPC, the
 * web pages) takes, so the list is written once. A door calls the ports it serves and leaves the
 * others alone; the apps module's core module provides it from the core.
 *
 * @param seal the seal barrier: state, init, unseal, seal, rekey, master key rotation
 * @param auth login, token info and logout, delegated to the identity service; also turns every
 *     bearer token into a caller
 * @param mounts mounting and unmounting engines
 * @param engines every engine operation, typed (the JSON door, {@code POST /v1/engine/request},
 *     reaches them through the one generic dispatcher)
 * @param transit transit encryption and decryption with binary values (doors that carry bytes)
 * @param acl the crypto service's ACL policy rules and explain
 * @param audit the crypto service's audit log (admin)
 */
public record CryptoUseCases(
    SealUseCase seal,
    DelegatedAuthenticationUseCase auth,
    MountAdminUseCase mounts,
    EngineUseCase engines,
    TransitDataUseCase transit,
    PolicyAdminUseCase acl,
    AuditUseCase audit) {

  public CryptoUseCases {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(transit, "transit");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(audit, "audit");
  }
}
