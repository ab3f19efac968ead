package dev.metacircular.sqlite;

import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.policy.out.PolicyRuleStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Policy rules in {@code policy_rules}; every match list in {@code policy_rule_entries}, one row
 * per entry with its position. Child rows instead of an encoded column: entries may hold any
 * character (commas, quotes, newlines), and there is no encoding to get wrong.
 */
final class SqlitePolicyRuleStore implements PolicyRuleStore {

  /** The lists of a rule, by the name the {@code list} column gives them. */
  enum EntryList {
    USERNAMES("usernames", r -> r.subjects().usernames()),
    ROLES("roles", r -> r.subjects().roles()),
    ACCOUNT_TYPES("account_types", r -> r.subjects().accountTypes()),
    SERVICES("services", r -> r.resources().services()),
    TAGS("tags", r -> r.resources().tags()),
    MOUNTS("mounts", r -> r.resources().mounts()),
    PATHS("paths", r -> r.resources().paths()),
    ACTIONS("actions", PolicyRule::actions);

    final String column;
    final Function<PolicyRule, List<String>> of;

    EntryList(String column, Function<PolicyRule, List<String>> of) {
      this.column = column;
      this.of = of;
    }

    static EntryList fromColumn(String value) {
      for (EntryList l : values()) {
        if (l.column.equals(value)) {
          return l;
        }
      }
      throw new IllegalStateException("unknown policy rule list " + value);
    }
  }

  private final SqliteDatabase db;

  SqlitePolicyRuleStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public List<PolicyRule> list() {
    return db.withHandle(h -> read(h, null));
  }

  @Override
  public Optional<PolicyRule> find(String id) {
    Objects.requireNonNull(id, "id");
    return db.withHandle(h -> read(h, id).stream().findFirst());
  }

  @Override
  public void put(PolicyRule rule) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(rule.id(), "a stored rule needs an id");
    db.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO policy_rules (id, priority, effect, description)"
                      + " VALUES (:id, :priority, :effect, :description)"
                      + " ON CONFLICT (id) DO UPDATE SET priority = excluded.priority,"
                      + " effect = excluded.effect, description = excluded.description")
              .bind("id", rule.id())
              .bind("priority", rule.priority())
              .bind("effect", rule.effect().wireName())
              .bind("description", rule.description())
              .execute();
          h.execute("DELETE FROM policy_rule_entries WHERE rule_id = ?", rule.id());
          for (EntryList list : EntryList.values()) {
            List<String> values = list.of.apply(rule);
            for (int i = 0; i < values.size(); i++) {
              h.execute(
                  "INSERT INTO policy_rule_entries (rule_id, list, position, value)"
                      + " VALUES (?, ?, ?, ?)",
                  rule.id(),
                  list.column,
                  i,
                  values.get(i));
            }
          }
          return null;
        });
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    // Entries go with the rule (ON DELETE CASCADE).
    return db.withHandle(h -> h.execute("DELETE FROM policy_rules WHERE id = ?", id)) == 1;
  }

  /**
   * Reads every rule, or the one with {@code id}, with its entries: one statement, so a rule and
   * its entries always come from the same state of the database.
   */
  private static List<PolicyRule> read(Handle h, String id) {
    Query q =
        h.createQuery(
            "SELECT r.id, r.priority, r.effect, r.description, e.list, e.value"
                + " FROM policy_rules r LEFT JOIN policy_rule_entries e ON e.rule_id = r.id"
                + (id == null ? "" : " WHERE r.id = :id")
                + " ORDER BY r.id, e.list, e.position");
    if (id != null) {
      q.bind("id", id);
    }
    Map<String, RuleRow> rules = new LinkedHashMap<>();
    q.map(
            (rs, ctx) ->
                new JoinedRow(
                    rs.getString("id"),
                    rs.getInt("priority"),
                    rs.getString("effect"),
                    rs.getString("description"),
                    rs.getString("list"),
                    rs.getString("value")))
        .forEach(
            row -> {
              RuleRow rule =
                  rules.computeIfAbsent(
                      row.id(),
                      ruleId ->
                          new RuleRow(
                              ruleId,
                              row.priority(),
                              Effect.fromWire(row.effect()),
                              row.description(),
                              new EnumMap<>(EntryList.class)));
              if (row.list() != null) {
                rule.lists()
                    .computeIfAbsent(EntryList.fromColumn(row.list()), l -> new ArrayList<>())
                    .add(row.value());
              }
            });
    List<PolicyRule> result = new ArrayList<>(rules.size());
    for (RuleRow r : rules.values()) {
      result.add(r.toRule());
    }
    return result;
  }

  /** One row of the joined query: a rule and at most one of its entries. */
  private record JoinedRow(
      String id, int priority, String effect, String description, String list, String value) {}

  private record RuleRow(
      String id,
      int priority,
      Effect effect,
      String description,
      Map<EntryList, List<String>> lists) {

    List<String> get(EntryList list) {
      return lists.getOrDefault(list, List.of());
    }

    PolicyRule toRule() {
      return new PolicyRule(
          id,
          priority,
          effect,
          description,
          new SubjectMatch(
              get(EntryList.USERNAMES), get(EntryList.ROLES), get(EntryList.ACCOUNT_TYPES)),
          new ResourceMatch(
              get(EntryList.SERVICES),
              get(EntryList.TAGS),
              get(EntryList.MOUNTS),
              get(EntryList.PATHS)),
          get(EntryList.ACTIONS));
    }
  }
}
