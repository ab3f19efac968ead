package dev.metacircular.web.crypto;

import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.engine.MountAdministration;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.seal.in.SealUseCase;
import java.util.Objects;

/**
 * The inbound ports the crypto service's pages call (the same as its REST API's, without the audit
 * log); the apps module wires the core in.
 *
 * @param seal state, init, unseal, seal
 * @param auth login and logout (forwarded to the identity service), and every page's token
 * @param mounts mounting and unmounting engines (admin)
 * @param engines the transit operations
 * @param acl the ACL policy rules and explain (admin)
 */
public record CryptoWebApi(
    SealUseCase seal,
    DelegatedAuthenticationUseCase auth,
    MountAdministration mounts,
    EngineRequests engines,
    PolicyAdminUseCase acl) {

  public CryptoWebApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(acl, "acl");
  }
}
