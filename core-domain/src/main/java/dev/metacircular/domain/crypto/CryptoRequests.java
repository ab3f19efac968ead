package dev.metacircular.domain.crypto;

import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.engine.EngineCall;
import dev.metacircular.ports.engine.EngineData;
import dev.metacircular.ports.engine.EngineRequest;
import dev.metacircular.ports.engine.EngineRequests;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Explanation;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every engine operation: the ACL decides first (admins bypass; default deny), then the mount's
 * engine runs the operation under the barrier's read lock, so a seal waits for it and no engine
 * runs on wiped keys.
 *
 * <p>Audit: every denial, and every operation the engine reports as changing state (key creation,
 * rotation, deletion, export...), is written before the operation runs, and a failure to write
 * fails the request (audit fails closed). Data-plane operations (encrypt, decrypt, sign...) are not
 * audited one by one: they change nothing, and a durable write per call would cap throughput at the
 * disk's fsync rate.
 */
final class CryptoRequests implements EngineRequests {

  /**
   * The answer to an ACL denial, which is audited here as {@link
   * CryptoAuditTypes#ENGINE_REQUEST_DENIED}.
   */
  static final String DENIED = "permission denied";

  private final SealLifecycle seal;
  private final EngineRegistry registry;
  private final AclRules acl;
  private final AuditLog audit;
  private final Clock clock;

  CryptoRequests(
      SealLifecycle seal, EngineRegistry registry, AclRules acl, AuditLog audit, Clock clock) {
    this.seal = seal;
    this.registry = registry;
    this.acl = acl;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handle(Caller caller, EngineRequest request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(request, "request");
    EngineData data = EngineData.of(request.data());
    return authorized(
        caller,
        request.mount(),
        request.operation(),
        engine -> engine.resourcePath(request.operation(), data),
        engine -> engine.handle(new EngineCall(caller, request.operation(), data)));
  }

  /**
   * The rules every door's engine operation goes through, under the barrier's read lock: the ACL
   * decides on {@code operation} at the path {@code pathOf} names on the mount's engine, then
   * {@code work} runs on that engine.
   */
  <T> T authorized(
      Caller caller,
      String mount,
      String operation,
      Function<Engine, String> pathOf,
      Function<Engine, T> work) {
    return seal.whileUnsealed(
        () -> {
          // The engine first, for the path the operation acts on; an unknown mount is
          // reported only to a caller the ACL would have let in, so a denied caller cannot
          // probe which mounts exist.
          Engine engine;
          try {
            engine = registry.engine(mount);
          } catch (DomainException.NotFound e) {
            engine = null;
          }
          String path = engine == null ? null : pathOf.apply(engine);
          Explanation decision = acl.decide(caller, mount, operation, path);
          if (!decision.allowed()) {
            record(
                CryptoAuditTypes.ENGINE_REQUEST_DENIED,
                caller,
                mount,
                operation,
                decision.reason());
            throw new DomainException.Forbidden(DENIED);
          }
          if (engine == null) {
            throw new DomainException.NotFound("mount " + mount + " not found");
          }
          if (!engine.operations().contains(operation)) {
            throw new DomainException.InvalidInput(
                "unknown operation " + operation + " for engine type " + registry.typeOf(mount));
          }
          if (engine.changesState(operation)) {
            record(CryptoAuditTypes.ENGINE_REQUEST, caller, mount, operation, decision.reason());
          }
          return work.apply(engine);
        });
  }

  private void record(String type, Caller caller, String mount, String operation, String reason) {
    audit.append(
        AuditEvent.of(
            clock.instant(),
            type,
            caller.auditActor(),
            mount,
            caller.sourceAddress(),
            Map.of("operation", operation, "decision", reason)));
  }
}
