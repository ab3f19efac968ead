package dev.metacircular.rest;

import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.engine.MountAdministration;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.seal.in.SealUseCase;
import java.util.Objects;

/**
 * The inbound ports the crypto service's REST API calls; the apps module wires the core in.
 *
 * @param seal the seal barrier: state, init, unseal, seal, rekey, master key rotation
 * @param auth login, token info and logout, delegated to the identity service; also turns every
 *     bearer token into a caller
 * @param mounts mounting and unmounting engines
 * @param engines every engine operation ({@code POST /v1/engine/request})
 * @param acl the crypto service's ACL policy rules
 * @param audit the crypto service's audit log (admin)
 */
public record CryptoRestApi(
    SealUseCase seal,
    DelegatedAuthenticationUseCase auth,
    MountAdministration mounts,
    EngineRequests engines,
    PolicyAdminUseCase acl,
    AuditUseCase audit) {

  public CryptoRestApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(audit, "audit");
  }
}
