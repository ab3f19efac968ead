package dev.metacircular.domain.crypto;

import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.seal.SealBarrier;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditLog;
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

/**
 * Every engine operation: the ACL decides first (admins bypass; default deny), then the mount's
 * engine runs the operation under the barrier's read lock, so a seal waits for it and no engine
 * runs on wiped keys.
 *
 * <p>Audit: every denial, and every operation the engine reports as changing state (key
 * creation, rotation, deletion, export...), is written before the operation runs, and a failure
 * to write fails the request (audit fails closed). Data-plane operations (encrypt, decrypt,
 * sign...) are not audited one by one: they change nothing, and a durable write per call would
 * cap throughput at the disk's fsync rate.
 */
final class CryptoRequests implements EngineRequests {

  static final String AUDIT_DENIED = "engine_request_denied";
  static final String AUDIT_REQUEST = "engine_request";

  private final SealBarrier seal;
  private final EngineRegistry registry;
  private final AclRules acl;
  private final AuditLog audit;
  private final Clock clock;

  CryptoRequests(
      SealBarrier seal, EngineRegistry registry, AclRules acl, AuditLog audit, Clock clock) {
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
    return seal.whileUnsealed(
        () -> {
          // The engine first, for the path the operation acts on; an unknown mount is
          // reported only to a caller the ACL would have let in, so a denied caller cannot
          // probe which mounts exist.
          Engine engine;
          try {
            engine = registry.engine(request.mount());
          } catch (DomainException.NotFound e) {
            engine = null;
          }
          EngineData data = EngineData.of(request.data());
          String path = engine == null ? null : engine.resourcePath(request.operation(), data);
          Explanation decision =
              acl.decide(caller, request.mount(), request.operation(), path);
          if (!decision.allowed()) {
            record(AUDIT_DENIED, caller, request, decision.reason());
            throw new DomainException.Forbidden("permission denied");
          }
          if (engine == null) {
            throw new DomainException.NotFound("mount " + request.mount() + " not found");
          }
          if (!engine.operations().contains(request.operation())) {
            throw new DomainException.InvalidInput(
                "unknown operation " + request.operation() + " for engine type "
                    + registry.typeOf(request.mount()));
          }
          if (engine.changesState(request.operation())) {
            record(AUDIT_REQUEST, caller, request, decision.reason());
          }
          return engine.handle(new EngineCall(caller, request.operation(), data));
        });
  }

  private void record(String type, Caller caller, EngineRequest request, String reason) {
    audit.append(AuditEvent.of(clock.instant(), type, caller.auditActor(), request.mount(),
        caller.sourceAddress(), Map.of("operation", request.operation(), "decision", reason)));
  }
}
