package dev.metacircular.rest;

import dev.metacircular.ports.delegation.DelegatedAuthentication;
import dev.metacircular.ports.engine.in.EngineOperations;
import dev.metacircular.ports.engine.in.MountAdministration;
import dev.metacircular.ports.identity.in.AuditQuery;
import dev.metacircular.ports.policy.PolicyAdministration;
import dev.metacircular.ports.seal.SealUseCase;
import java.util.Objects;

/**
 * The inbound ports the crypto service's REST API calls; the apps module wires the core in.
 *
 * @param seal the seal barrier: state, init, unseal, seal, rekey, master key rotation
 * @param auth login, token info and logout, delegated to the identity service; also turns every
 *     bearer token into a caller
 * @param mounts mounting and unmounting engines
 * @param engines every engine operation ({@code POST /v1/engine/request}, through the generic
 *     {@link EngineDispatcher})
 * @param acl the crypto service's ACL policy rules
 * @param audit the crypto service's audit log (admin)
 */
public record CryptoRestApi(
    SealUseCase seal,
    DelegatedAuthentication auth,
    MountAdministration mounts,
    EngineOperations engines,
    PolicyAdministration acl,
    AuditQuery audit) {

  public CryptoRestApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(acl, "acl");
    Objects.requireNonNull(audit, "audit");
  }
}
