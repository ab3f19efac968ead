package dev.metacircular.domain.audit;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place refusals are audited: wraps an inbound port so that every refusal ({@link
 * DomainException}) leaving any of its methods is recorded through {@link RefusalAudit}, whichever
 * door (REST, gRPC, web, shell, offline tool, embedding code) called it. Every door reaches the
 * core through these ports, so no door can forget; a method added to a port later is covered
 * without a change here.
 *
 * <p>What is recorded: a refusal of a method called with a {@link Caller} (an authenticated
 * request), of any status but 503 (the service's state, not a decision about the caller); and a
 * refusal of the port's {@link Spec#anonymous} methods (token authentication, unseal, init), whose
 * callers have no account yet, bounded by {@link RefusalAudit}. Other public methods (login, SSO,
 * passkey sign-in) audit their own failures. A refusal the use case already recorded with an event
 * of its own ({@link Spec#selfAudited}) is not recorded twice.
 *
 * <p>Only names are recorded, never secrets: the target is the first parameter (or record
 * component) named like an identifier ({@link #TARGET_NAMES}) of an identifier type (string, UUID,
 * number); passwords ({@code char[]}), tokens, codes and plaintexts never match.
 */
public final class RefusalAuditing {

  /** Parameter and record component names whose value identifies what a request acts on. */
  static final Set<String> TARGET_NAMES =
      Set.of(
          "id", "accountId", "username", "clientId", "jti", "name", "mount", "key", "credentialId");

  /** A parameter naming the door's own action (see {@code requireAdmin}). */
  static final String ACTION_PARAMETER = "action";

  /**
   * A parameter, or a request record's component, naming the operation: {@code engine.<operation>}.
   * Its value is the name, or a record whose {@code name} component is.
   */
  static final String OPERATION_COMPONENT = "operation";

  /** A parameter carrying the client address of a call without a caller. */
  static final String SOURCE_PARAMETER = "sourceAddress";

  /**
   * How one port is audited.
   *
   * @param label the port's name in an action ({@code accounts} makes {@code accounts.delete})
   * @param anonymous methods whose refusals are recorded even without a caller (bounded)
   * @param selfAudited refusals the use case records itself, as {@code method:status} or {@code
   *     method:status:message}
   */
  public record Spec(String label, Set<String> anonymous, Set<String> selfAudited) {
    public Spec {
      Objects.requireNonNull(label, "label");
      anonymous = Set.copyOf(anonymous);
      selfAudited = Set.copyOf(selfAudited);
    }

    /** A port whose refusals all come from authenticated calls. */
    public static Spec of(String label) {
      return new Spec(label, Set.of(), Set.of());
    }
  }

  private RefusalAuditing() {}

  /** {@code target} behind a proxy of {@code port} that records its refusals. */
  public static <T> T wrap(Class<T> port, T target, Spec spec, RefusalAudit audit) {
    Objects.requireNonNull(target, "target");
    if (!port.isInterface()) {
      throw new IllegalArgumentException(port + " is not an interface");
    }
    Object proxy =
        Proxy.newProxyInstance(
            port.getClassLoader(), new Class<?>[] {port}, new Handler(target, spec, audit));
    return port.cast(proxy);
  }

  /** Where a method's caller, target, action and source are among its parameters. */
  private record Plan(
      int caller,
      int action,
      int source,
      int operation,
      List<Integer> targets,
      boolean anonymous,
      String name) {

    static Plan of(Method method, Spec spec) {
      Parameter[] parameters = method.getParameters();
      int caller = -1;
      int action = -1;
      int source = -1;
      int operation = -1;
      List<Integer> targets = new ArrayList<>();
      for (int i = 0; i < parameters.length; i++) {
        Parameter p = parameters[i];
        if (p.getType() == Caller.class && caller < 0) {
          caller = i;
        } else if (p.getType() == String.class && p.getName().equals(ACTION_PARAMETER)) {
          action = i;
        } else if (p.getType() == String.class && p.getName().equals(SOURCE_PARAMETER)) {
          source = i;
        } else if (p.getName().equals(OPERATION_COMPONENT)) {
          operation = i;
        } else if (TARGET_NAMES.contains(p.getName()) && isIdentifier(p.getType())) {
          targets.add(i);
        } else if (p.getType().isRecord()) {
          targets.add(i);
        }
      }
      return new Plan(
          caller,
          action,
          source,
          operation,
          List.copyOf(targets),
          spec.anonymous().contains(method.getName()),
          method.getName());
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Spec spec;
    private final RefusalAudit audit;
    private final Map<Method, Plan> plans = new ConcurrentHashMap<>();

    Handler(Object target, Spec spec, RefusalAudit audit) {
      this.target = target;
      this.spec = spec;
      this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "refusal-audited " + target;
          default -> method.invoke(target, args);
        };
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DomainException refusal) {
          record(method, args, refusal);
        }
        throw cause;
      }
    }

    private void record(Method method, Object[] args, DomainException refusal) {
      if (refusal instanceof DomainException.Unavailable) {
        return;
      }
      Plan plan = plans.computeIfAbsent(method, m -> Plan.of(m, spec));
      String status = plan.name() + ":" + RefusalStatus.of(refusal);
      if (spec.selfAudited().contains(status)
          || spec.selfAudited().contains(status + ":" + refusal.getMessage())) {
        return;
      }
      Caller caller = plan.caller() >= 0 ? (Caller) args[plan.caller()] : null;
      if (caller == null && !plan.anonymous()) {
        return;
      }
      String operation = operation(plan, args);
      String action =
          plan.action() >= 0 && args[plan.action()] != null
              ? (String) args[plan.action()]
              : spec.label() + "." + (operation != null ? operation : plan.name());
      String source =
          plan.source() >= 0 && args[plan.source()] != null ? (String) args[plan.source()] : "";
      audit.refused(caller, source, action, target(plan, args), refusal);
    }
  }

  /** The first identifier among the planned parameters, or a record's identifying component. */
  private static String target(Plan plan, Object[] args) {
    for (int i : plan.targets()) {
      Object value = args[i];
      if (value == null) {
        continue;
      }
      if (value instanceof Record record) {
        String inside = recordTarget(record);
        if (inside != null) {
          return inside;
        }
      } else {
        return value.toString();
      }
    }
    return "";
  }

  /** The operation named by an {@code operation} parameter or request record component. */
  private static String operation(Plan plan, Object[] args) {
    if (plan.operation() >= 0) {
      Object named = args[plan.operation()];
      return named instanceof Record record
          ? component(record, "name")
          : named instanceof String s ? s : null;
    }
    for (int i : plan.targets()) {
      if (args[i] instanceof Record record) {
        String named = component(record, OPERATION_COMPONENT);
        if (named != null) {
          return named;
        }
      }
    }
    return null;
  }

  private static String component(Record record, String name) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name) && c.getType() == String.class) {
        try {
          return (String) c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String recordTarget(Record record) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (TARGET_NAMES.contains(c.getName()) && isIdentifier(c.getType())) {
        try {
          Object value = c.getAccessor().invoke(record);
          if (value != null) {
            return value.toString();
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static boolean isIdentifier(Class<?> type) {
    return type == String.class
        || type == UUID.class
        || type == int.class
        || type == long.class
        || type == Integer.class
        || type == Long.class;
  }
}
