package dev.metacircular.domain.crypto;

import dev.metacircular.domain.access.Admins;
import dev.metacircular.domain.policy.PolicyEngine;
import dev.metacircular.domain.policy.PolicyRules;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crypto service's ACL: rules over users, roles and account types → mounts and operations (the
 * operation name is the action), evaluated by the shared {@link PolicyEngine}: first match by
 * priority, DENY wins ties, default deny, and admins (identity {@code admin} role) bypass. Rules
 * live in the barrier, so they are unreadable while sealed. Managing them is admin only and
 * audited.
 *
 * <p>Every engine request is decided here, so the rules are held decoded, in evaluation order, from
 * their first use after an unseal until the next change or seal (reading and decrypting every rule
 * per request cost more than the encryption it guarded). Admin requests never read them. A change
 * bumps a generation counter after it is stored, and a cached list is used only while its
 * generation is current, so a list loaded concurrently with a change is never served after it: no
 * lock is shared with the barrier's, and the read path takes none.
 */
public final class AclRules implements PolicyAdminUseCase {

  /** The service name a rule's {@code resources.services} is matched against. */
  public static final String SERVICE = "metacrypt";

  private final SealLifecycle seal;
  private final BarrierPolicyRuleStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<CachedRules> cached = new AtomicReference<>();

  /** The rules in evaluation order, as loaded at {@code generation}. */
  /** Rules in evaluation order, and the decision each one gives when it is the first match. */
  private record CachedRules(
      long generation, List<PolicyRule> ordered, List<Explanation> decisions) {}

  AclRules(SealLifecycle seal, AuditLog audit, Clock clock) {
    this.seal = seal;
    this.store = new BarrierPolicyRuleStore(seal.barrier());
    this.audit = audit;
    this.clock = clock;
    // Decoded rules are barrier contents: none stays in memory while sealed.
    seal.onSeal(this::forgetRules);
  }

  /**
   * The decision for an engine request (not audited here; the caller audits denials). Call while
   * unsealed (under {@link SealLifecycle#whileUnsealed}).
   */
  Explanation decide(Caller caller, String mount, String operation, String path) {
    if (caller.isAdmin()) {
      return PolicyEngine.ADMIN_BYPASS_DECISION;
    }
    CachedRules rules = rules();
    int match = PolicyEngine.firstMatch(rules.ordered(), request(caller, mount, operation, path));
    return match < 0 ? PolicyEngine.DEFAULT_DENY_DECISION : rules.decisions().get(match);
  }

  /** The rules in evaluation order: the cached list while current, else read from the barrier. */
  private CachedRules rules() {
    long current = generation.get();
    CachedRules c = cached.get();
    if (c != null && c.generation() == current) {
      return c;
    }
    List<PolicyRule> loaded = seal.whileUnsealed(() -> PolicyEngine.evaluationOrder(store.list()));
    // Tagged with the generation read before loading: stale as soon as a change lands.
    CachedRules fresh =
        new CachedRules(current, loaded, loaded.stream().map(PolicyEngine::matched).toList());
    cached.set(fresh);
    return fresh;
  }

  /** After a change is stored, and on seal: no cached list is served again. */
  private void forgetRules() {
    generation.incrementAndGet();
    cached.set(null);
  }

  static PolicyRequest request(Caller caller, String mount, String operation, String path) {
    return new PolicyRequest(
        new PolicyRequest.Subject(caller.name(), caller.roleNames(), caller.accountTypeName()),
        new PolicyRequest.Resource(SERVICE, List.of(), mount, path),
        operation);
  }

  @Override
  public List<PolicyRule> list(Caller caller) {
    Admins.require(caller);
    return seal.whileUnsealed(() -> PolicyEngine.evaluationOrder(store.list()));
  }

  @Override
  public PolicyRule get(Caller caller, String id) {
    Admins.require(caller);
    return seal.whileUnsealed(() -> find(id));
  }

  @Override
  public PolicyRule create(Caller caller, PolicyRule rule) {
    Admins.require(caller);
    PolicyRule stored =
        PolicyRules.validate(rule.id() == null ? rule.withId(PolicyRules.newId()) : rule);
    synchronized (store) {
      seal.whileUnsealed(
          () -> {
            if (store.find(stored.id()).isPresent()) {
              throw new DomainException.Conflict("rule id already exists");
            }
            record(CryptoAuditTypes.POLICY_RULE_CREATED, caller, stored);
            try {
              store.put(stored);
            } finally {
              forgetRules();
            }
            return null;
          });
    }
    return stored;
  }

  @Override
  public PolicyRule replace(Caller caller, String id, PolicyRule rule) {
    Admins.require(caller);
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
            record(CryptoAuditTypes.POLICY_RULE_UPDATED, caller, stored);
            try {
              store.put(stored);
            } finally {
              forgetRules();
            }
            return null;
          });
    }
    return stored;
  }

  @Override
  public void delete(Caller caller, String id) {
    Admins.require(caller);
    synchronized (store) {
      seal.whileUnsealed(
          () -> {
            PolicyRule existing = find(id);
            record(CryptoAuditTypes.POLICY_RULE_DELETED, caller, existing);
            try {
              store.delete(id);
            } finally {
              forgetRules();
            }
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
    Admins.require(caller);
    boolean adminSubject = request.subject().roles().contains(Role.ADMIN.wireName());
    return seal.whileUnsealed(() -> PolicyEngine.evaluate(store.list(), request, adminSubject));
  }

  private PolicyRule find(String id) {
    if (id == null) {
      throw new DomainException.NotFound("rule not found");
    }
    return store.find(id).orElseThrow(() -> new DomainException.NotFound("rule not found"));
  }

  private void record(String type, Caller caller, PolicyRule rule) {
    audit.append(
        AuditEvent.of(
            clock.instant(),
            type,
            caller.auditActor(),
            rule.id(),
            caller.sourceAddress(),
            Map.of(
                "priority",
                Integer.toString(rule.priority()),
                "effect",
                rule.effect().wireName())));
  }
}
