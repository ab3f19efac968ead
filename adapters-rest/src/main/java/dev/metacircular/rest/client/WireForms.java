package dev.metacircular.rest.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.seal.KeyRotation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The services' JSON forms (docs/identity.md, docs/crypto.md) to and from the ports' records. An
 * answer that does not have the documented shape is {@link Unreachable} ("not its API"), never a
 * crash.
 */
final class WireForms {
  private WireForms() {}

  static Account account(JsonNode n) {
    try {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String r : strings(n.path("roles"))) {
        roles.add(Role.fromWire(r));
      }
      return new Account(
          UUID.fromString(text(n, "id")),
          text(n, "username"),
          AccountType.fromWire(text(n, "account_type")),
          AccountStatus.fromWire(text(n, "status")),
          roles,
          n.path("totp_enabled").asBoolean(false),
          instant(n, "created_at"),
          instant(n, "updated_at"));
    } catch (RuntimeException e) {
      throw malformed("account", e);
    }
  }

  static TokenRecord tokenRecord(JsonNode n, UUID accountId) {
    try {
      return new TokenRecord(
          text(n, "jti"),
          accountId,
          TokenRecord.Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT)),
          instant(n, "issued_at"),
          instant(n, "expires_at"),
          n.hasNonNull("revoked_at") ? instant(n, "revoked_at") : null,
          "");
    } catch (RuntimeException e) {
      throw malformed("token record", e);
    }
  }

  static AuditEvent auditEvent(JsonNode n) {
    try {
      Map<String, String> details = new LinkedHashMap<>();
      n.path("details")
          .fields()
          .forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
      return new AuditEvent(
          n.path("id").asLong(),
          instant(n, "time"),
          text(n, "type"),
          n.path("actor").asText(""),
          n.path("subject").asText(""),
          n.path("source_address").asText(""),
          details);
    } catch (RuntimeException e) {
      throw malformed("audit event", e);
    }
  }

  static Mount mount(JsonNode n) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> config =
          n.hasNonNull("config")
              ? RestEndpoint.JSON.convertValue(n.get("config"), Map.class)
              : Map.of();
      return new Mount(text(n, "name"), text(n, "type"), config);
    } catch (RuntimeException e) {
      throw malformed("mount", e);
    }
  }

  static KeyRotation keyRotation(JsonNode n) {
    List<Integer> versions = new ArrayList<>();
    n.path("versions").forEach(v -> versions.add(v.asInt()));
    return new KeyRotation(
        n.path("active_version").asInt(),
        versions,
        n.path("entries_pending").asLong(),
        n.path("in_progress").asBoolean());
  }

  static PolicyRule rule(JsonNode n) {
    try {
      JsonNode s = n.path("subjects");
      JsonNode r = n.path("resources");
      return new PolicyRule(
          n.hasNonNull("id") ? n.get("id").asText() : null,
          n.path("priority").asInt(100),
          Effect.fromWire(text(n, "effect")),
          n.path("description").asText(""),
          new SubjectMatch(
              strings(s.path("usernames")),
              strings(s.path("roles")),
              strings(s.path("account_types"))),
          new ResourceMatch(
              strings(r.path("services")),
              strings(r.path("tags")),
              strings(r.path("mounts")),
              strings(r.path("paths"))),
          strings(n.path("actions")));
    } catch (RuntimeException e) {
      throw malformed("rule", e);
    }
  }

  static Map<String, Object> ruleBody(PolicyRule rule) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (rule.id() != null) {
      m.put("id", rule.id());
    }
    m.put("priority", rule.priority());
    m.put("effect", rule.effect().wireName());
    if (!rule.description().isEmpty()) {
      m.put("description", rule.description());
    }
    SubjectMatch s = rule.subjects();
    m.put(
        "subjects",
        Map.of("usernames", s.usernames(), "roles", s.roles(), "account_types", s.accountTypes()));
    ResourceMatch r = rule.resources();
    m.put(
        "resources",
        Map.of(
            "services", r.services(), "tags", r.tags(), "mounts", r.mounts(), "paths", r.paths()));
    m.put("actions", rule.actions());
    return m;
  }

  /** An explain request; absent fields are left out (the identity service knows no mount). */
  static Map<String, Object> explainBody(PolicyRequest request) {
    Map<String, Object> subject = new LinkedHashMap<>();
    putIfPresent(subject, "username", request.subject().username());
    if (!request.subject().roles().isEmpty()) {
      subject.put("roles", request.subject().roles());
    }
    putIfPresent(subject, "account_type", request.subject().accountType());
    Map<String, Object> resource = new LinkedHashMap<>();
    putIfPresent(resource, "service", request.resource().service());
    if (!request.resource().tags().isEmpty()) {
      resource.put("tags", request.resource().tags());
    }
    putIfPresent(resource, "mount", request.resource().mount());
    putIfPresent(resource, "path", request.resource().path());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", subject);
    m.put("resource", resource);
    m.put("action", request.action());
    return m;
  }

  static Explanation explanation(JsonNode n) {
    try {
      return new Explanation(
          Effect.fromWire(text(n, "decision")),
          n.hasNonNull("rule") ? rule(n.get("rule")) : null,
          n.path("reason").asText(""));
    } catch (RuntimeException e) {
      throw malformed("explanation", e);
    }
  }

  /** {@code /v1/token/validate} and {@code /v1/auth/tokeninfo} answers. */
  static WhoAmI whoAmI(JsonNode n) {
    return new WhoAmI(
        n.path("sub").asText(""),
        n.path("username").asText(""),
        strings(n.path("roles")),
        n.path("account_type").asText(""),
        n.hasNonNull("expires_at") ? instant(n, "expires_at") : null);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static void putIfPresent(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return v.asText();
  }

  static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(text(n, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " is not a time");
    }
  }

  private static Unreachable malformed(String what, RuntimeException cause) {
    return new Unreachable(
        "the service answered a malformed " + what + " (" + cause.getMessage() + ")");
  }
}
