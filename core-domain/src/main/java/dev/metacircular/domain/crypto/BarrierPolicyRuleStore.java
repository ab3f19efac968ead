package dev.metacircular.domain.crypto;

import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.domain.seal.Barrier;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crypto service's ACL rules, stored in the barrier (encrypted) at {@code sys/policy/rules/<hex
 * of the id>}: the id may hold any character, a path may not.
 */
final class BarrierPolicyRuleStore implements PolicyRuleStore {

  static final String RULES = "sys/policy/rules/";
  private static final HexFormat HEX = HexFormat.of();

  private final Barrier barrier;

  BarrierPolicyRuleStore(Barrier barrier) {
    this.barrier = barrier;
  }

  @Override
  public List<PolicyRule> list() {
    List<PolicyRule> rules = new ArrayList<>();
    for (String path : barrier.list(RULES)) {
      barrier.get(path).map(BarrierPolicyRuleStore::decode).ifPresent(rules::add);
    }
    return rules;
  }

  @Override
  public Optional<PolicyRule> find(String id) {
    return barrier.get(path(id)).map(BarrierPolicyRuleStore::decode);
  }

  @Override
  public void put(PolicyRule rule) {
    barrier.put(path(rule.id()), encode(rule));
  }

  @Override
  public boolean delete(String id) {
    return barrier.delete(path(id));
  }

  private static String path(String id) {
    return RULES + HEX.formatHex(id.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] encode(PolicyRule r) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("id", r.id());
    tree.put("priority", r.priority());
    tree.put("effect", r.effect().wireName());
    tree.put("description", r.description());
    tree.put("usernames", r.subjects().usernames());
    tree.put("roles", r.subjects().roles());
    tree.put("account_types", r.subjects().accountTypes());
    tree.put("services", r.resources().services());
    tree.put("tags", r.resources().tags());
    tree.put("mounts", r.resources().mounts());
    tree.put("paths", r.resources().paths());
    tree.put("actions", r.actions());
    return TreeCodec.encode(tree);
  }

  @SuppressWarnings("unchecked")
  static PolicyRule decode(byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    return new PolicyRule(
        (String) t.get("id"),
        ((Number) t.get("priority")).intValue(),
        Effect.fromWire((String) t.get("effect")),
        (String) t.get("description"),
        new SubjectMatch(
            (List<String>) t.get("usernames"),
            (List<String>) t.get("roles"),
            (List<String>) t.get("account_types")),
        new ResourceMatch(
            (List<String>) t.get("services"), (List<String>) t.get("tags"),
            (List<String>) t.get("mounts"), (List<String>) t.get("paths")),
        (List<String>) t.get("actions"));
  }
}
