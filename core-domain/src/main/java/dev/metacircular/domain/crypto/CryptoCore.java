package dev.metacircular.domain.crypto;

import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.identity.audit.AuditReading;
import dev.metacircular.domain.seal.SealBarrier;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.audit.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.DelegatedAuthentication;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.engine.EngineType;
import dev.metacircular.ports.engine.MountAdministration;
import dev.metacircular.ports.identity.in.AuditQuery;
import dev.metacircular.ports.policy.PolicyAdministration;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.SealUseCase;
import dev.metacircular.ports.storage.PhysicalStorage;
import dev.metacircular.ports.transit.TransitData;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The crypto service's core (the reference's Metacrypt): the seal barrier over untrusted
 * physical storage, the engine registry, the ACL policy and delegated authentication, behind the
 * inbound ports every door drives (REST, gRPC, shell, embedding code). Thread-safe.
 *
 * <p>A new core over initialized storage is sealed; {@link #close} seals it (wiping every key)
 * if it is unsealed.
 */
public final class CryptoCore implements AutoCloseable {

  private final SealBarrier seal;
  private final EngineRegistry registry;
  private final AclRules acl;
  private final EngineRequests requests;
  private final TransitData transit;
  private final DelegatedAuthentication auth;
  private final AuditQuery audit;

  private CryptoCore(
      SealBarrier seal, EngineRegistry registry, AclRules acl, CryptoRequests requests,
      DelegatedAuthentication auth, AuditQuery audit) {
    this.transit = new TransitDataPath(requests);
    this.audit = audit;
    this.seal = seal;
    this.registry = registry;
    this.acl = acl;
    this.requests = requests;
    this.auth = auth;
  }

  /**
   * The core over {@code storage}. {@code background} runs master key re-encryption after a
   * rotation (a single daemon thread in a server; the caller's thread is fine in tests).
   */
  public static CryptoCore open(
      PhysicalStorage storage, AuditLog audit, DelegatedAuthentication auth,
      List<EngineType> engineTypes, SealSettings settings, Clock clock, Executor background) {
    Objects.requireNonNull(auth, "auth");
    SealBarrier seal = new SealBarrier(storage, settings, clock, audit, background);
    EngineRegistry registry = new EngineRegistry(seal, engineTypes, clock, audit);
    AclRules acl = new AclRules(seal, audit, clock);
    CryptoRequests requests = new CryptoRequests(seal, registry, acl, audit, clock);
    return new CryptoCore(seal, registry, acl, requests, auth, new AuditReading(audit));
  }

  public SealUseCase seal() {
    return seal;
  }

  public MountAdministration mounts() {
    return registry;
  }

  public EngineRequests requests() {
    return requests;
  }

  /** Transit encrypt / decrypt with binary values (gRPC, embedding); same rules as requests(). */
  public TransitData transitData() {
    return transit;
  }

  public PolicyAdministration policy() {
    return acl;
  }

  public DelegatedAuthentication auth() {
    return auth;
  }

  /** The crypto service's audit log (admin; {@code GET /v1/audit}). */
  public AuditQuery audit() {
    return audit;
  }

  /** The barrier itself, for tools and tests that inspect the key hierarchy. */
  public SealBarrier barrier() {
    return seal;
  }

  /** Seals (wiping every key) if unsealed. */
  @Override
  public void close() {
    if (seal.state() == SealState.UNSEALED) {
      seal.seal(Caller.offlineTool("metacrypt"));
    }
  }
}
