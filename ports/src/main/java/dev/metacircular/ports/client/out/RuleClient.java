package dev.metacircular.ports.client.out;

import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import java.util.List;

/**
 * One service's policy rules as a client sees them: the identity service's login policy or the
 * crypto service's ACL (the same rule form and engine on both), called as the client's session.
 */
public interface RuleClient {

  /** Rules in evaluation order. */
  List<PolicyRule> list();

  /** One rule by id. */
  PolicyRule get(String id);

  /** Stores a new rule (an id is assigned when it has none) and answers it as stored. */
  PolicyRule create(PolicyRule rule);

  /** Removes one rule by id. */
  void delete(String id);

  /** What the current rules decide for {@code request}, and why. */
  Explanation explain(PolicyRequest request);
}
