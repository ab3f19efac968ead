package dev.metacircular.apps.shell.client;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainRequest;
import dev.metacircular.grpc.proto.policy.v1.ExplainResource;
import dev.metacircular.grpc.proto.policy.v1.ExplainResponse;
import dev.metacircular.grpc.proto.policy.v1.ExplainSubject;
import dev.metacircular.grpc.proto.policy.v1.Resources;
import dev.metacircular.grpc.proto.policy.v1.Rule;
import dev.metacircular.grpc.proto.policy.v1.Subjects;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.AccountType;
import dev.metacircular.ports.identity.Role;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The services' protobuf messages (adapters-grpc's .proto files) to and from the ports' records and
 * the JSON-shaped maps the shell's engine commands use. An answer that does not have the documented
 * shape is {@link Unreachable} ("not its API"), never a crash.
 */
final class GrpcForms {
  /** Doubles above this are not exact integers (2^53). */
  private static final double EXACT_WHOLE = 9_007_199_254_740_992d;

  private GrpcForms() {}

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Account account(dev.metacircular.grpc.proto.mcias.v1.Account a) {
    try {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String r : a.getRolesList()) {
        roles.add(Role.fromWire(r));
      }
      return new Account(
          UUID.fromString(a.getId()),
          a.getUsername(),
          AccountType.fromWire(a.getAccountType()),
          AccountStatus.fromWire(a.getStatus()),
          roles,
          a.getTotpEnabled(),
          instant(a.getCreatedAt()),
          instant(a.getUpdatedAt()));
    } catch (RuntimeException e) {
      throw malformed("account", e);
    }
  }

  static TokenRecord tokenRecord(
      dev.metacircular.grpc.proto.mcias.v1.TokenRecord t, UUID accountId) {
    try {
      return new TokenRecord(
          t.getJti(),
          accountId,
          TokenRecord.Kind.valueOf(t.getKind().toUpperCase(Locale.ROOT)),
          instant(t.getIssuedAt()),
          instant(t.getExpiresAt()),
          t.hasRevokedAt() ? instant(t.getRevokedAt()) : null,
          "");
    } catch (RuntimeException e) {
      throw malformed("token record", e);
    }
  }

  static QueryRequest auditQuery(AuditFilter filter) {
    QueryRequest.Builder q = QueryRequest.newBuilder().setLimit(filter.limit());
    if (filter.actorOrSubject() != null) {
      q.setAccount(filter.actorOrSubject());
    }
    if (filter.type() != null) {
      q.setType(filter.type());
    }
    if (filter.since() != null) {
      q.setSince(timestamp(filter.since()));
    }
    return q.build();
  }

  static List<AuditEvent> auditEvents(
      List<dev.metacircular.grpc.proto.audit.v1.AuditEvent> events) {
    List<AuditEvent> out = new ArrayList<>();
    try {
      for (dev.metacircular.grpc.proto.audit.v1.AuditEvent e : events) {
        out.add(
            new AuditEvent(
                e.getId(),
                instant(e.getTime()),
                e.getType(),
                e.getActor(),
                e.getSubject(),
                e.getSourceAddress(),
                new LinkedHashMap<>(e.getDetailsMap())));
      }
    } catch (RuntimeException e) {
      throw malformed("audit event", e);
    }
    return out;
  }

  static Mount mount(dev.metacircular.grpc.proto.metacrypt.v1.Mount m) {
    try {
      return new Mount(m.getName(), m.getType(), m.hasConfig() ? tree(m.getConfig()) : Map.of());
    } catch (RuntimeException e) {
      throw malformed("mount", e);
    }
  }

  static PolicyRule rule(Rule r) {
    try {
      Subjects s = r.getSubjects();
      Resources res = r.getResources();
      return new PolicyRule(
          r.getId().isEmpty() ? null : r.getId(),
          r.hasPriority() ? r.getPriority() : 100,
          Effect.fromWire(r.getEffect()),
          r.getDescription(),
          new SubjectMatch(s.getUsernamesList(), s.getRolesList(), s.getAccountTypesList()),
          new ResourceMatch(
              res.getServicesList(), res.getTagsList(), res.getMountsList(), res.getPathsList()),
          r.getActionsList());
    } catch (RuntimeException e) {
      throw malformed("rule", e);
    }
  }

  static Rule rule(PolicyRule rule) {
    Rule.Builder b =
        Rule.newBuilder()
            .setPriority(rule.priority())
            .setEffect(rule.effect().wireName())
            .setDescription(rule.description())
            .setSubjects(
                Subjects.newBuilder()
                    .addAllUsernames(rule.subjects().usernames())
                    .addAllRoles(rule.subjects().roles())
                    .addAllAccountTypes(rule.subjects().accountTypes()))
            .setResources(
                Resources.newBuilder()
                    .addAllServices(rule.resources().services())
                    .addAllTags(rule.resources().tags())
                    .addAllMounts(rule.resources().mounts())
                    .addAllPaths(rule.resources().paths()))
            .addAllActions(rule.actions());
    if (rule.id() != null) {
      b.setId(rule.id());
    }
    return b.build();
  }

  static ExplainRequest explain(PolicyRequest request) {
    ExplainSubject.Builder subject =
        ExplainSubject.newBuilder().addAllRoles(request.subject().roles());
    if (request.subject().username() != null) {
      subject.setUsername(request.subject().username());
    }
    if (request.subject().accountType() != null) {
      subject.setAccountType(request.subject().accountType());
    }
    ExplainResource.Builder resource =
        ExplainResource.newBuilder().addAllTags(request.resource().tags());
    if (request.resource().service() != null) {
      resource.setService(request.resource().service());
    }
    if (request.resource().mount() != null) {
      resource.setMount(request.resource().mount());
    }
    if (request.resource().path() != null) {
      resource.setPath(request.resource().path());
    }
    return ExplainRequest.newBuilder()
        .setSubject(subject)
        .setResource(resource)
        .setAction(request.action())
        .build();
  }

  static Explanation explanation(ExplainResponse e) {
    try {
      return new Explanation(
          Effect.fromWire(e.getDecision()), e.hasRule() ? rule(e.getRule()) : null, e.getReason());
    } catch (RuntimeException ex) {
      throw malformed("explanation", ex);
    }
  }

  // --- Struct <-> the JSON-shaped maps of engine requests ---

  static Struct struct(Map<String, Object> tree) {
    Struct.Builder out = Struct.newBuilder();
    tree.forEach((k, v) -> out.putFields(k, value(v)));
    return out.build();
  }

  @SuppressWarnings("unchecked")
  private static Value value(Object v) {
    Value.Builder out = Value.newBuilder();
    if (v == null) {
      return out.setNullValue(NullValue.NULL_VALUE).build();
    } else if (v instanceof String s) {
      return out.setStringValue(s).build();
    } else if (v instanceof Boolean b) {
      return out.setBoolValue(b).build();
    } else if (v instanceof Number n) {
      return out.setNumberValue(n.doubleValue()).build();
    } else if (v instanceof Map<?, ?> m) {
      return out.setStructValue(struct((Map<String, Object>) m)).build();
    } else if (v instanceof List<?> list) {
      ListValue.Builder items = ListValue.newBuilder();
      list.forEach(item -> items.addValues(value(item)));
      return out.setListValue(items).build();
    }
    throw new IllegalArgumentException("cannot send a " + v.getClass().getSimpleName());
  }

  /**
   * A Struct as JSON would read: whole numbers as integers (the prints show {@code 1}, not 1.0).
   */
  static Map<String, Object> tree(Struct struct) {
    Map<String, Object> out = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((k, v) -> out.put(k, plain(v)));
    return out;
  }

  private static Object plain(Value v) {
    switch (v.getKindCase()) {
      case BOOL_VALUE:
        return v.getBoolValue();
      case STRING_VALUE:
        return v.getStringValue();
      case NUMBER_VALUE:
        double d = v.getNumberValue();
        if (d == Math.rint(d) && Math.abs(d) < EXACT_WHOLE) {
          long whole = (long) d;
          return whole == (int) whole ? (Object) (int) whole : (Object) whole;
        }
        return d;
      case STRUCT_VALUE:
        return tree(v.getStructValue());
      case LIST_VALUE:
        List<Object> items = new ArrayList<>();
        v.getListValue().getValuesList().forEach(i -> items.add(plain(i)));
        return items;
      default:
        return null;
    }
  }

  static Unreachable malformed(String what, RuntimeException cause) {
    return new Unreachable(
        "the service answered a malformed " + what + " (" + cause.getMessage() + ")");
  }
}
