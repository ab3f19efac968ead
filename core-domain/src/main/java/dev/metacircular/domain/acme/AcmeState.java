package dev.metacircular.domain.acme;

import dev.metacircular.domain.codec.TreeCodec;
import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ChallengeType;
import dev.metacircular.ports.engine.out.EngineStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One directory's ACME state in its mount's barrier storage (under {@code acme/<role>/}): {@code
 * accounts/<id>}, {@code keys/<thumbprint>} (the account a key belongs to), {@code orders/<id>},
 * {@code account-orders/<account>/<order>}, {@code authz/<id>} (with its challenges) and {@code
 * certs/<serial hex>} (the account and order a certificate was issued to).
 */
final class AcmeState {

  record Account(
      String id,
      String status,
      List<String> contact,
      String thumbprint,
      String keyAlgorithm,
      byte[] spki,
      Instant createdAt,
      String eabKid) {
    Account withStatus(String s) {
      return new Account(id, s, contact, thumbprint, keyAlgorithm, spki, createdAt, eabKid);
    }

    Account withContact(List<String> c) {
      return new Account(id, status, c, thumbprint, keyAlgorithm, spki, createdAt, eabKid);
    }

    Account withKey(String print, String algorithm, byte[] key) {
      return new Account(id, status, contact, print, algorithm, key, createdAt, eabKid);
    }
  }

  record Order(
      String id,
      String account,
      String status,
      Instant expires,
      List<String> names,
      List<String> authorizations,
      String certificate,
      AcmeProblem error) {
    Order with(String newStatus, String newCertificate, AcmeProblem newError) {
      return new Order(
          id, account, newStatus, expires, names, authorizations, newCertificate, newError);
    }
  }

  record Challenge(
      ChallengeType type, String token, String status, Instant validated, AcmeProblem error) {
    Challenge with(String newStatus, Instant when, AcmeProblem problem) {
      return new Challenge(type, token, newStatus, when, problem);
    }
  }

  record Authorization(
      String id,
      String account,
      String name,
      boolean wildcard,
      String status,
      Instant expires,
      List<Challenge> challenges) {
    Authorization with(String newStatus, List<Challenge> newChallenges) {
      return new Authorization(id, account, name, wildcard, newStatus, expires, newChallenges);
    }
  }

  record Issued(String account, String order) {}

  private final EngineStorage storage;
  private final String base;

  AcmeState(EngineStorage acmeStorage, String role) {
    this.storage = acmeStorage;
    this.base = role + "/";
  }

  // --- accounts ---

  Optional<Account> account(String id) {
    return storage.get(base + "accounts/" + id).map(b -> decodeAccount(id, b));
  }

  Optional<String> accountOfKey(String thumbprint) {
    return storage.get(base + "keys/" + thumbprint).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Writes the account and the index of its key (dropping {@code oldThumbprint}'s, if given). */
  void putAccount(Account account, String oldThumbprint) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    if (oldThumbprint != null && !oldThumbprint.equals(account.thumbprint())) {
      writes.put(base + "keys/" + oldThumbprint, null);
    }
    writes.put(base + "accounts/" + account.id(), encodeAccount(account));
    writes.put(
        base + "keys/" + account.thumbprint(), account.id().getBytes(StandardCharsets.UTF_8));
    storage.putAll(writes);
  }

  // --- orders ---

  Optional<Order> order(String id) {
    return storage.get(base + "orders/" + id).map(b -> decodeOrder(id, b));
  }

  List<String> ordersOf(String account) {
    String prefix = base + "account-orders/" + account + "/";
    return storage.list(prefix).stream().map(p -> p.substring(prefix.length())).toList();
  }

  /** Writes a new order with its authorizations, in one write. */
  void putNewOrder(Order order, List<Authorization> authorizations) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    for (Authorization a : authorizations) {
      writes.put(base + "authz/" + a.id(), encodeAuthorization(a));
    }
    writes.put(base + "orders/" + order.id(), encodeOrder(order));
    writes.put(base + "account-orders/" + order.account() + "/" + order.id(), new byte[0]);
    storage.putAll(writes);
  }

  void putOrder(Order order) {
    storage.put(base + "orders/" + order.id(), encodeOrder(order));
  }

  /** Records a finalized order and the certificate's owner, in one write. */
  void putIssued(Order order, String serialHex) {
    Map<String, byte[]> writes = new LinkedHashMap<>();
    writes.put(base + "orders/" + order.id(), encodeOrder(order));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("account", order.account());
    tree.put("order", order.id());
    writes.put(base + "certs/" + serialHex, TreeCodec.encode(tree));
    storage.putAll(writes);
  }

  Optional<Issued> issued(String serialHex) {
    return storage
        .get(base + "certs/" + serialHex)
        .map(TreeCodec::decode)
        .map(t -> new Issued((String) t.get("account"), (String) t.get("order")));
  }

  // --- authorizations ---

  Optional<Authorization> authorization(String id) {
    return storage.get(base + "authz/" + id).map(b -> decodeAuthorization(id, b));
  }

  void putAuthorization(Authorization authorization) {
    storage.put(base + "authz/" + authorization.id(), encodeAuthorization(authorization));
  }

  // --- encodings ---

  private static byte[] encodeAccount(Account a) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("status", a.status());
    t.put("contact", a.contact());
    t.put("thumbprint", a.thumbprint());
    t.put("key_algorithm", a.keyAlgorithm());
    t.put("key", Base64.getEncoder().encodeToString(a.spki()));
    t.put("created_at", a.createdAt().toEpochMilli());
    t.put("eab_kid", a.eabKid());
    return TreeCodec.encode(t);
  }

  @SuppressWarnings("unchecked")
  private static Account decodeAccount(String id, byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    return new Account(
        id,
        (String) t.get("status"),
        (List<String>) t.get("contact"),
        (String) t.get("thumbprint"),
        (String) t.get("key_algorithm"),
        Base64.getDecoder().decode((String) t.get("key")),
        instant(t.get("created_at")),
        (String) t.get("eab_kid"));
  }

  private static byte[] encodeOrder(Order o) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("account", o.account());
    t.put("status", o.status());
    t.put("expires", o.expires().toEpochMilli());
    t.put("names", o.names());
    t.put("authorizations", o.authorizations());
    t.put("certificate", o.certificate());
    putProblem(t, o.error());
    return TreeCodec.encode(t);
  }

  @SuppressWarnings("unchecked")
  private static Order decodeOrder(String id, byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    return new Order(
        id,
        (String) t.get("account"),
        (String) t.get("status"),
        instant(t.get("expires")),
        (List<String>) t.get("names"),
        (List<String>) t.get("authorizations"),
        (String) t.get("certificate"),
        problem(t));
  }

  private static byte[] encodeAuthorization(Authorization a) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("account", a.account());
    t.put("name", a.name());
    t.put("wildcard", a.wildcard());
    t.put("status", a.status());
    t.put("expires", a.expires().toEpochMilli());
    List<Object> challenges = new ArrayList<>();
    for (Challenge c : a.challenges()) {
      Map<String, Object> ct = new LinkedHashMap<>();
      ct.put("type", c.type().wireName());
      ct.put("token", c.token());
      ct.put("status", c.status());
      ct.put("validated", c.validated() == null ? null : c.validated().toEpochMilli());
      putProblem(ct, c.error());
      challenges.add(ct);
    }
    t.put("challenges", challenges);
    return TreeCodec.encode(t);
  }

  @SuppressWarnings("unchecked")
  private static Authorization decodeAuthorization(String id, byte[] bytes) {
    Map<String, Object> t = TreeCodec.decode(bytes);
    List<Challenge> challenges = new ArrayList<>();
    for (Object o : (List<Object>) t.get("challenges")) {
      Map<String, Object> ct = (Map<String, Object>) o;
      challenges.add(
          new Challenge(
              ChallengeType.named((String) ct.get("type")).orElseThrow(),
              (String) ct.get("token"),
              (String) ct.get("status"),
              ct.get("validated") == null ? null : instant(ct.get("validated")),
              problem(ct)));
    }
    return new Authorization(
        id,
        (String) t.get("account"),
        (String) t.get("name"),
        (Boolean) t.get("wildcard"),
        (String) t.get("status"),
        instant(t.get("expires")),
        challenges);
  }

  private static void putProblem(Map<String, Object> t, AcmeProblem problem) {
    t.put("error_type", problem == null ? null : problem.type().name());
    t.put("error_detail", problem == null ? null : problem.detail());
  }

  private static AcmeProblem problem(Map<String, Object> t) {
    Object type = t.get("error_type");
    return type == null
        ? null
        : new AcmeProblem(AcmeProblemType.valueOf((String) type), (String) t.get("error_detail"));
  }

  private static Instant instant(Object millis) {
    return Instant.ofEpochMilli(((Number) millis).longValue());
  }
}
