package dev.metacircular.domain.crypto;

import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.engine.EngineRegistry.OpenMount;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.TelemetryEvent.Outcome;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Every engine operation, run one way whichever door it came from: under the barrier's read lock
 * (so a seal waits for it and no engine runs on wiped keys), the ACL decides first (admins bypass;
 * default deny), then the mount and the operation are checked, then the mount's engine runs the
 * operation's handler. A typed door ({@link #run}) brings the request record; the JSON door ({@link
 * #dispatch}) brings data the operation's request record is read from once the operation is known.
 *
 * <p>Audit: every denial, and every operation that {@linkplain Operation#changesState() changes
 * state} (key creation, rotation, deletion, export...), is written before the operation runs, and a
 * failure to write fails the request (audit fails closed). Data-plane operations (encrypt, decrypt,
 * sign...) are not audited one by one: they change nothing, and a durable write per call would cap
 * throughput at the disk's fsync rate.
 */
final class CryptoRequests implements EngineUseCase {

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
  private final Telemetry telemetry;

  CryptoRequests(
      SealLifecycle seal,
      EngineRegistry registry,
      AclRules acl,
      AuditLog audit,
      Clock clock,
      Telemetry telemetry) {
    this.telemetry = telemetry;
    this.seal = seal;
    this.registry = registry;
    this.acl = acl;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, Q request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Q typed = operation.cast(Objects.requireNonNull(request, "request"));
    return seal.whileUnsealed(
        () -> {
          OpenMount open = openOrNull(mount);
          String path = open == null ? null : operation.resource().of(typed);
          String reason = authorize(caller, mount, operation.name(), path, open);
          if (open.operations().get(operation.name()) != operation) {
            throw unknown(operation.name(), open);
          }
          return runAllowed(caller, mount, open, operation, typed, reason);
        });
  }

  @Override
  public <Q extends Record, R extends Record> R run(
      Caller caller, String mount, Operation<Q, R> operation, RequestReader data) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(data, "data");
    return seal.whileUnsealed(
        () -> {
          OpenMount open = openOrNull(mount);
          return readAndRun(caller, mount, open, operation.name(), operation, data);
        });
  }

  @Override
  public Record dispatch(Caller caller, String mount, String operation, RequestReader data) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(data, "data");
    return seal.whileUnsealed(
        () -> {
          OpenMount open = openOrNull(mount);
          Operation<?, ?> found = open == null ? null : open.operations().get(operation);
          return readAndRun(caller, mount, open, operation, found, data);
        });
  }

  @Override
  public <Q extends Record, R extends Record> R runPublic(
      String mount, Operation<Q, R> operation, Q request, String sourceAddress) {
    Objects.requireNonNull(operation, "operation");
    Q typed = operation.cast(Objects.requireNonNull(request, "request"));
    if (!operation.publicRead()) {
      throw new DomainException.Unauthenticated(operation.name() + " needs a token");
    }
    Caller anonymous = Caller.anonymous(sourceAddress);
    return seal.whileUnsealed(
        () -> {
          OpenMount open = registry.opened(mount);
          if (open.operations().get(operation.name()) != operation) {
            throw unknown(operation.name(), open);
          }
          return open.engine().handle(operation, typed, anonymous);
        });
  }

  /**
   * Reads the request from {@code data}, lets the ACL decide, then runs it. A request the data does
   * not make is refused only once the ACL has let the caller in: a denied caller learns nothing
   * about his data. Until then the path comes from the raw data, never throwing.
   */
  private <Q extends Record, R extends Record> R readAndRun(
      Caller caller,
      String mount,
      OpenMount open,
      String name,
      Operation<Q, R> operation,
      RequestReader data) {
    Q request = null;
    DomainException refused = null;
    String path = null;
    if (operation != null) {
      try {
        request = data.read(operation);
        path = operation.resource().of(request);
      } catch (DomainException e) {
        refused = e;
        path = operation.resource().ofRaw(data::peek);
      }
    }
    String reason = authorize(caller, mount, name, path, open);
    if (operation == null || open.operations().get(name) != operation) {
      throw unknown(name, open);
    }
    if (refused != null) {
      throw refused;
    }
    return runAllowed(caller, mount, open, operation, request, reason);
  }

  /** The open mount, or null when there is none (reported after the ACL, see authorize). */
  private OpenMount openOrNull(String mount) {
    try {
      return registry.opened(mount);
    } catch (DomainException.NotFound e) {
      return null;
    }
  }

  /**
   * The ACL's decision on {@code operation} at {@code path}, answering its reason; a denial is
   * audited and {@code Forbidden}. An unknown mount is reported only to a caller the ACL lets in,
   * so a denied caller cannot probe which mounts exist.
   */
  private String authorize(
      Caller caller, String mount, String operation, String path, OpenMount open) {
    Explanation decision = acl.decide(caller, mount, operation, path);
    if (!decision.allowed()) {
      record(CryptoAuditTypes.ENGINE_REQUEST_DENIED, caller, mount, operation, decision.reason());
      report(open, mount, operation, Outcome.DENIED);
      throw new DomainException.Forbidden(DENIED);
    }
    if (open == null) {
      throw new DomainException.NotFound("mount " + mount + " not found");
    }
    return decision.reason();
  }

  private <Q extends Record, R extends Record> R runAllowed(
      Caller caller,
      String mount,
      OpenMount open,
      Operation<Q, R> operation,
      Q request,
      String reason) {
    if (operation.changesState()) {
      record(CryptoAuditTypes.ENGINE_REQUEST, caller, mount, operation.name(), reason);
    }
    try {
      R answer = open.engine().handle(operation, request, caller);
      report(open, mount, operation.name(), Outcome.OK);
      return answer;
    } catch (DomainException e) {
      report(open, mount, operation.name(), Outcome.REFUSED);
      throw e;
    } catch (RuntimeException e) {
      report(open, mount, operation.name(), Outcome.FAILED);
      throw e;
    }
  }

  /**
   * Reports an engine operation by mount and operation name, but only names that exist: a request
   * naming an unknown mount or operation is reported as {@code unknown}, so a caller's text never
   * becomes a metric label.
   */
  private void report(OpenMount open, String mount, String operation, Outcome outcome) {
    boolean known = open != null;
    telemetry.record(
        new TelemetryEvent.EngineOperation(
            known ? mount : TelemetryEvent.UNKNOWN,
            known && open.operations().containsKey(operation) ? operation : TelemetryEvent.UNKNOWN,
            outcome));
  }

  private static DomainException unknown(String operation, OpenMount open) {
    return new DomainException.InvalidInput(
        "unknown operation " + operation + " for engine type " + open.type());
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
