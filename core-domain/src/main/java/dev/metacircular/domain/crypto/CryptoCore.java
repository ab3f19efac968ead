package dev.metacircular.domain.crypto;

import dev.metacircular.domain.audit.RefusalAudit;
import dev.metacircular.domain.audit.RefusalAuditing;
import dev.metacircular.domain.audit.RefusalAuditing.Spec;
import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.identity.audit.AuditReading;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.domain.telemetry.AuditedTelemetry;
import dev.metacircular.domain.telemetry.CountedStorage;
import dev.metacircular.domain.telemetry.ReportedSeal;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import dev.metacircular.ports.telemetry.out.Telemetry;
import dev.metacircular.ports.transit.in.TransitDataUseCase;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The crypto service's core (the reference's Metacrypt): the seal barrier over untrusted physical
 * storage, the engine registry, the ACL policy and delegated authentication, behind the inbound
 * ports every door drives (REST, gRPC, shell, embedding code). Thread-safe.
 *
 * <p>Every port returned here records its refusals in the crypto service's audit log ({@link
 * RefusalAuditing}): whichever door a refused request came through, the entry names the caller, the
 * action, the target and the reason.
 *
 * <p>A new core over initialized storage is sealed; {@link #close} seals it (wiping every key) if
 * it is unsealed.
 */
public final class CryptoCore implements AutoCloseable {

  /**
   * Unseal and init have no caller: their refusals are recorded bounded. A wrong seal password
   * (unseal, rekey) is recorded already as {@code unseal_failure}, and an ACL denial of an engine
   * operation as {@code engine_request_denied}.
   */
  private static final Spec SEAL =
      new Spec("seal", Set.of("unseal", "initialize"), Set.of("unseal:401", "rekey:401"));

  private static final Spec ENGINE =
      new Spec(
          "engine",
          Set.of(),
          Set.of("run:403:" + CryptoRequests.DENIED, "dispatch:403:" + CryptoRequests.DENIED));

  private static final Spec TRANSIT =
      new Spec(
          "transit",
          Set.of(),
          Set.of("encrypt:403:" + CryptoRequests.DENIED, "decrypt:403:" + CryptoRequests.DENIED));

  /** Every protected request's token check: refusals recorded without a caller, bounded. */
  private static final Spec AUTH = new Spec("auth", Set.of("authenticate"), Set.of());

  private final SealLifecycle barrier;
  private final EngineRegistry engines;
  private final SealUseCase seal;
  private final MountAdminUseCase registry;
  private final PolicyAdminUseCase acl;
  private final EngineUseCase operations;
  private final TransitDataUseCase transit;
  private final DelegatedAuthenticationUseCase auth;
  private final AuditUseCase audit;

  private CryptoCore(
      SealLifecycle seal,
      SealUseCase reportedSeal,
      EngineRegistry registry,
      AclRules acl,
      CryptoRequests requests,
      DelegatedAuthenticationUseCase auth,
      AuditUseCase audit,
      RefusalAudit refusals) {
    this.barrier = seal;
    this.engines = registry;
    this.transit =
        RefusalAuditing.wrap(
            TransitDataUseCase.class, new TransitDataPath(requests), TRANSIT, refusals);
    this.audit = RefusalAuditing.wrap(AuditUseCase.class, audit, Spec.of("audit"), refusals);
    this.seal = RefusalAuditing.wrap(SealUseCase.class, reportedSeal, SEAL, refusals);
    this.registry =
        RefusalAuditing.wrap(MountAdminUseCase.class, registry, Spec.of("mounts"), refusals);
    this.acl = RefusalAuditing.wrap(PolicyAdminUseCase.class, acl, Spec.of("policy"), refusals);
    this.operations = RefusalAuditing.wrap(EngineUseCase.class, requests, ENGINE, refusals);
    this.auth = RefusalAuditing.wrap(DelegatedAuthenticationUseCase.class, auth, AUTH, refusals);
  }

  /**
   * The core over {@code storage}. {@code background} runs master key re-encryption after a
   * rotation (a single daemon thread in a server; the caller's thread is fine in tests).
   */
  public static CryptoCore open(
      PhysicalStorage storage,
      AuditLog audit,
      DelegatedAuthenticationUseCase auth,
      List<EngineType> engineTypes,
      SealSettings settings,
      Clock clock,
      Executor background) {
    return open(storage, audit, auth, engineTypes, settings, clock, background, Telemetry.NONE);
  }

  /**
   * Like {@link #open(PhysicalStorage, AuditLog, DelegatedAuthenticationUseCase, List,
   * SealSettings, Clock, Executor)}, reporting the seal, unseal attempts, barrier reads and writes
   * and engine operations to {@code telemetry} (a server's metrics).
   */
  public static CryptoCore open(
      PhysicalStorage storage,
      AuditLog audit,
      DelegatedAuthenticationUseCase auth,
      List<EngineType> engineTypes,
      SealSettings settings,
      Clock clock,
      Executor background,
      Telemetry telemetry) {
    Objects.requireNonNull(auth, "auth");
    storage = CountedStorage.wrap(storage, telemetry);
    audit = AuditedTelemetry.wrap(audit, telemetry);
    SealLifecycle seal = new SealLifecycle(storage, settings, clock, audit, background);
    EngineRegistry registry = new EngineRegistry(seal, engineTypes, clock, audit);
    AclRules acl = new AclRules(seal, audit, clock);
    CryptoRequests requests = new CryptoRequests(seal, registry, acl, audit, clock, telemetry);
    return new CryptoCore(
        seal,
        ReportedSeal.wrap(seal, telemetry),
        registry,
        acl,
        requests,
        auth,
        new AuditReading(audit),
        new RefusalAudit(audit, clock));
  }

  /** Every inbound port, as the doors take them. */
  public CryptoUseCases useCases() {
    return new CryptoUseCases(
        seal(), auth(), mounts(), operations(), transitData(), policy(), audit());
  }

  public SealUseCase seal() {
    return seal;
  }

  public MountAdminUseCase mounts() {
    return registry;
  }

  /**
   * Every engine operation, typed ({@code run}) or by name with the door's data ({@code dispatch}):
   * the seal gate, the ACL, the audit and the engine, the same for every door.
   */
  public EngineUseCase operations() {
    return operations;
  }

  /** Transit encrypt / decrypt with binary values (gRPC, embedding); same rules as operations(). */
  public TransitDataUseCase transitData() {
    return transit;
  }

  public PolicyAdminUseCase policy() {
    return acl;
  }

  public DelegatedAuthenticationUseCase auth() {
    return auth;
  }

  /** The crypto service's audit log (admin; {@code GET /v1/audit}). */
  public AuditUseCase audit() {
    return audit;
  }

  /**
   * The barrier itself, for tools and tests that inspect the key hierarchy. Not refusal-audited:
   * doors use {@link #seal()}.
   */
  public SealLifecycle barrier() {
    return barrier;
  }

  /**
   * The engine registry itself, for benchmarks and tests that reach a mounted engine directly. Not
   * refusal-audited: doors use {@link #mounts()} and {@link #operations()}.
   */
  public EngineRegistry engineRegistry() {
    return engines;
  }

  /** Seals (wiping every key) if unsealed. */
  @Override
  public void close() {
    if (barrier.state() == SealState.UNSEALED) {
      barrier.seal(Caller.offlineTool("metacrypt"));
    }
  }
}
