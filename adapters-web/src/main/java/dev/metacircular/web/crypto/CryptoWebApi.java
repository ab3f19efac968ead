package dev.metacircular.web.crypto;

import dev.metacircular.ports.delegation.DelegatedAuthentication;
import dev.metacircular.ports.engine.in.EngineOperations;
import dev.metacircular.ports.engine.in.MountAdministration;
import dev.metacircular.ports.policy.PolicyAdministration;
import dev.metacircular.ports.seal.SealUseCase;
import java.util.Objects;

/**
 * The inbound ports the crypto service's pages call (the same as its REST API's, without the audit
 * log); the apps module wires the core in.
 *
 * @param seal state, init, unseal, seal
 * @param auth login and logout (forwarded to the identity service), and every page's token
 * @param mounts mounting and unmounting engines (admin)
 * @param engines the engine operations (the transit pages run them typed)
 * @param acl the ACL policy rules and explain (admin)
 */
public record CryptoWebApi(
    SealUseCase seal,
    DelegatedAuthentication auth,
    MountAdministration mounts,
    EngineOperations engines,
    PolicyAdministration acl) {

  public CryptoWebApi {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(mounts, "mounts");
    Objects.requireNonNull(engines, "engines");
    Objects.requireNonNull(acl, "acl");
  }
}
