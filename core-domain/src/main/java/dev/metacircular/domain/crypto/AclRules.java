package dev.metacircular.domain.crypto;

import dev.metacircular.domain.policy.PolicyEngine;
import dev.metacircular.domain.policy.PolicyRules;
import dev.metacircular.domain.seal.SealBarrier;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditLog;
import dev.metacircular.ports.audit.AuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyAdministration;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The crypto service's ACL: rules over users, roles and account types → mounts and operations
 * (the operation name is the action), evaluated by the shared {@link PolicyEngine}: first match
 * by priority, DENY wins ties, default deny, and admins (identity {@code admin} role) bypass.
 * Rules live in the barrier, so they are unreadable while sealed. Managing them is admin only
 * and audited.
 */
public final class AclRules implements PolicyAdministration {

  /** The service name a rule's {@code resources.services} is matched against. */
  public static final String SERVICE = "metacrypt";

  private final SealBarrier seal;
  private final BarrierPolicyRuleStore store;
  private final AuditLog audit;
  private final Clock clock;

  AclRules(SealBarrier seal, AuditLog audit, Clock clock) {
    this.seal = seal;
    this.store = new BarrierPolicyRuleStore(seal.barrier());
    this.audit = audit;
    this.clock = clock;
  }

  /** The decision for an engine request (not audited here; the caller audits denials). */
  Explanation decide(Caller caller, String mount, String operation) {
    PolicyRequest request = request(caller, mount, operation);
    return seal.whileUnsealed(
        () -> PolicyEngine.evaluate(store.list(), request, caller.isAdmin()));
  }

  static PolicyRequest request(Caller caller, String mount, String operation) {
    return new PolicyRequest(
        new PolicyRequest.Subject(caller.name(), List.copyOf(caller.roles()),
            caller.accountType()),
        new PolicyRequest.Resource(SERVICE, List.of(), mount, null),
        operation);
  }

  @Override
  public List<PolicyRule> list(Caller caller) {
    requireAdmin(caller);
    return seal.whileUnsealed(() -> PolicyEngine.evaluationOrder(store.list()));
  }

  @Override
  public PolicyRule get(Caller caller, String id) {
    requireAdmin(caller);
    return seal.whileUnsealed(() -> find(id));
  }

  @Override
  public PolicyRule create(Caller caller, PolicyRule rule) {
    requireAdmin(caller);
    PolicyRule stored =
        PolicyRules.validate(rule.id() == null ? rule.withId(PolicyRules.newId()) : rule);
    synchronized (store) {
      seal.whileUnsealed(
          () -> {
            if (store.find(stored.id()).isPresent()) {
              throw new DomainException.Conflict("rule id already exists");
            }
            record(AuditTypes.POLICY_RULE_CREATED, caller, stored);
            store.put(stored);
            return null;
          });
    }
    return stored;
  }

  @Override
  public PolicyRule replace(Caller caller, String id, PolicyRule rule) {
    requireAdmin(caller);
    if (id == null || id.isBlank()) {
      throw new DomainException.InvalidInput("rule id is required");
    }
    if (rule.id() != null && !rule.id().equals(id)) {
      throw new DomainException.InvalidInput("rule id in the body does not match the path");
    }
    PolicyRule stored = PolicyRules.validate(rule.withId(id));
    synchronized (store) {
      seal.whileUnsealed(
          () -> {
            find(id);
            record(AuditTypes.POLICY_RULE_UPDATED, caller, stored);
            store.put(stored);
            return null;
          });
    }
    return stored;
  }

  @Override
  public void delete(Caller caller, String id) {
    requireAdmin(caller);
    synchronized (store) {
      seal.whileUnsealed(
          () -> {
            PolicyRule existing = find(id);
            record(AuditTypes.POLICY_RULE_DELETED, caller, existing);
            store.delete(id);
            return null;
          });
    }
  }

  /**
   * What the rules decide for the request, as an engine request would be decided: a subject with
   * the {@code admin} role gets the admin bypass.
   */
  @Override
  public Explanation explain(Caller caller, PolicyRequest request) {
    requireAdmin(caller);
    boolean adminSubject = request.subject().roles().contains(Caller.ADMIN_ROLE);
    return seal.whileUnsealed(() -> PolicyEngine.evaluate(store.list(), request, adminSubject));
  }

  private PolicyRule find(String id) {
    if (id == null) {
      throw new DomainException.NotFound("rule not found");
    }
    return store.find(id).orElseThrow(() -> new DomainException.NotFound("rule not found"));
  }

  private void record(String type, Caller caller, PolicyRule rule) {
    audit.append(AuditEvent.of(clock.instant(), type, caller.auditActor(), rule.id(),
        caller.sourceAddress(), Map.of("priority", Integer.toString(rule.priority()),
            "effect", rule.effect().wireName())));
  }

  static void requireAdmin(Caller caller) {
    if (caller == null || !caller.isAdmin()) {
      throw new DomainException.Forbidden("admin role required");
    }
  }
}
