package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.seal.SealState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CryptoCoreTest {

  static final SealSettings CHEAP =
      SealSettings.DEFAULTS.withKdf(new Argon2Parameters(1, 8 * 1024, 1));
  static final Caller ADMIN =
      new Caller(
          UUID.randomUUID(), "root", Set.of(Role.ADMIN), AccountType.HUMAN, "j1", "10.0.0.1");
  static final Caller ALICE =
      new Caller(
          UUID.randomUUID(), "alice", Set.of(Role.USER), AccountType.HUMAN, "j2", "10.0.0.2");
  static final char[] PASSWORD = "a seal password".toCharArray();

  final InMemoryPhysicalStorage storage = new InMemoryPhysicalStorage();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final KvEngineType kv = new KvEngineType();
  CryptoCore core = open();

  CryptoCore open() {
    return CryptoCore.open(
        storage, audit, new NoAuthentication(), List.of(kv), CHEAP, clock, Runnable::run);
  }

  CryptoCore unsealed() {
    core.seal().initialize(PASSWORD.clone());
    return core;
  }

  static Map<String, Object> put(String key, String value) {
    return Map.of("key", key, "value", value);
  }

  @Test
  void mountsAreAdminOnlyAndListed() {
    unsealed();
    assertThatThrownBy(() -> core.mounts().mount(ALICE, "m", "kv", Map.of()))
        .isInstanceOf(DomainException.Forbidden.class);
    Mount m = core.mounts().mount(ADMIN, "m", "kv", Map.of("max_value", 10));
    assertThat(m.config()).containsEntry("max_value", 10);
    assertThat(core.mounts().list(ADMIN)).extracting(Mount::name).containsExactly("m");
    assertThat(core.mounts().list(ADMIN).get(0).config()).containsEntry("max_value", 10L);
    assertThat(core.mounts().types()).containsExactly("kv");
    assertThat(audit.tail(5)).extracting(AuditEvent::type).contains("mount_created");
  }

  @Test
  void badMountsAreRefusedWithClearMessages() {
    unsealed();
    assertThatThrownBy(() -> core.mounts().mount(ADMIN, "m", "nope", Map.of()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown engine type nope (known: kv)");
    assertThatThrownBy(() -> core.mounts().mount(ADMIN, "Bad Name", "kv", Map.of()))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> core.mounts().mount(ADMIN, "m", "kv", Map.of("max_value", 0)))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("max_value must be positive");
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    assertThatThrownBy(() -> core.mounts().mount(ADMIN, "m", "kv", Map.of()))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("mount m already exists");
    assertThatThrownBy(() -> core.mounts().unmount(ADMIN, "other"))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void aPublicReadRunsWithoutATokenAndTheEngineSeesWhoAsked() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    int events = audit.tail(100).size();

    assertThat(
            core.operations().runPublic("m", KvEngineType.WHOAMI, new KvEngineType.Nothing(), ""))
        .isEqualTo(new KvEngineType.Name(Caller.ANONYMOUS));
    assertThat(core.operations().run(ADMIN, "m", KvEngineType.WHOAMI, new KvEngineType.Nothing()))
        .isEqualTo(new KvEngineType.Name("root"));
    // With a token it is an ordinary operation: the ACL decides (default deny).
    assertThatThrownBy(
            () ->
                core.operations().run(ALICE, "m", KvEngineType.WHOAMI, new KvEngineType.Nothing()))
        .isInstanceOf(DomainException.Forbidden.class);
    // A public read changes nothing and is not audited; only the denial above is.
    assertThat(audit.tail(100)).hasSize(events + 1);

    assertThatThrownBy(
            () -> core.operations().runPublic("m", KvEngineType.GET, new KvEngineType.Get("k"), ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("get needs a token");
    assertThatThrownBy(
            () ->
                core.operations()
                    .runPublic("gone", KvEngineType.WHOAMI, new KvEngineType.Nothing(), ""))
        .isInstanceOf(DomainException.NotFound.class);
    var foreign =
        Operation.publicReading(
            "kv",
            "whoami",
            KvEngineType.Nothing.class,
            KvEngineType.Name.class,
            ResourcePath.none());
    assertThatThrownBy(
            () -> core.operations().runPublic("m", foreign, new KvEngineType.Nothing(), ""))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown operation whoami for engine type kv");

    core.seal().seal(ADMIN);
    assertThatThrownBy(
            () ->
                core.operations()
                    .runPublic("m", KvEngineType.WHOAMI, new KvEngineType.Nothing(), ""))
        .isInstanceOf(DomainException.Unavailable.class);
  }

  @Test
  void everythingIsUnavailableWhileSealed() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    core.seal().seal(ADMIN);
    assertThatThrownBy(() -> core.mounts().list(ADMIN))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("sealed");
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ADMIN, new EngineRequest("m", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.Unavailable.class);
    assertThatThrownBy(() -> core.policy().list(ADMIN))
        .isInstanceOf(DomainException.Unavailable.class);
  }

  @Test
  void sealClosesEnginesAndUnsealReopensThemWithTheirData() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    KvEngineType.KvEngine first = kv.opened.get(0);
    core.seal().seal(ADMIN);
    assertThat(first.closed).isTrue();
    core.seal().unseal(PASSWORD.clone(), "");
    assertThat(
            TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "get", Map.of("key", "k"))))
        .containsEntry("value", "v");
    assertThat(kv.opened).hasSize(2);
  }

  @Test
  void aRestartedCoreIsSealedAndKeepsMountsAndRules() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    core.policy().create(ADMIN, allow("r1", 10, "alice", "m", "get"));
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    core = open();
    assertThat(core.seal().state()).isEqualTo(SealState.SEALED);
    core.seal().unseal(PASSWORD.clone(), "");
    assertThat(
            TreeRequests.of(core).handle(ALICE, new EngineRequest("m", "get", Map.of("key", "k"))))
        .containsEntry("value", "v");
  }

  @Test
  void theAclIsDefaultDenyWithAdminBypassAndDenialsAreAudited() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    EngineRequest get = new EngineRequest("m", "get", Map.of("key", "k"));
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));

    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("permission denied");
    assertThat(audit.tail(1).get(0).type()).isEqualTo("engine_request_denied");

    core.policy().create(ADMIN, allow("alice-get", 10, "alice", "m", "get"));
    assertThat(TreeRequests.of(core).handle(ALICE, get)).containsEntry("value", "v");
    assertThatThrownBy(
            () -> TreeRequests.of(core).handle(ALICE, new EngineRequest("m", "put", put("k", "x"))))
        .isInstanceOf(DomainException.Forbidden.class);

    core.policy()
        .create(
            ADMIN,
            new PolicyRule(
                "deny-alice",
                5,
                Effect.DENY,
                "",
                new SubjectMatch(List.of("alice"), null, null),
                null,
                List.of()));
    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void everyRuleChangeDecidesTheVeryNextRequest() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    EngineRequest get = new EngineRequest("m", "get", Map.of("key", "k"));
    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(DomainException.Forbidden.class);

    core.policy().create(ADMIN, allow("r", 10, "alice", "m", "get"));
    assertThat(TreeRequests.of(core).handle(ALICE, get)).containsEntry("value", "v");
    core.policy().replace(ADMIN, "r", allow("r", 10, "alice", "m", "put"));
    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(DomainException.Forbidden.class);
    core.policy().replace(ADMIN, "r", allow("r", 10, "alice", "m", "get"));
    assertThat(TreeRequests.of(core).handle(ALICE, get)).containsEntry("value", "v");
    core.policy().delete(ADMIN, "r");
    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void rulesAreReadAgainAfterUnsealSoATamperedRuleIsCaught() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    core.policy().create(ADMIN, allow("r", 10, "alice", "m", "get"));
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    EngineRequest get = new EngineRequest("m", "get", Map.of("key", "k"));
    assertThat(TreeRequests.of(core).handle(ALICE, get)).containsEntry("value", "v");

    core.seal().seal(ADMIN);
    String rulePath = storage.list("sys/policy/rules/").get(0);
    byte[] raw = storage.get(rulePath).orElseThrow();
    raw[raw.length - 1] ^= 1;
    storage.put(rulePath, raw);
    core.seal().unseal(PASSWORD.clone(), "");

    assertThatThrownBy(() -> TreeRequests.of(core).handle(ALICE, get))
        .isInstanceOf(dev.metacircular.domain.seal.BarrierIntegrityException.class);
    // Admins never consult the rules (the bypass), so a damaged rule does not lock them out.
    assertThat(TreeRequests.of(core).handle(ADMIN, get)).containsEntry("value", "v");
  }

  @Test
  void rulesCanGrantPerPathInsideAMount() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("public-a", "1")));
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("secret", "2")));
    core.policy()
        .create(
            ADMIN,
            new PolicyRule(
                "public-reads",
                10,
                Effect.ALLOW,
                "",
                new SubjectMatch(List.of("alice"), null, null),
                new ResourceMatch(null, null, List.of("m"), List.of("kv/public-*")),
                List.of("get")));

    assertThat(
            TreeRequests.of(core)
                .handle(ALICE, new EngineRequest("m", "get", Map.of("key", "public-a"))))
        .containsEntry("value", "1");
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ALICE, new EngineRequest("m", "get", Map.of("key", "secret"))))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void aDeniedCallerCannotTellWhichMountsExist() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ALICE, new EngineRequest("nope", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ALICE, new EngineRequest("m", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void stateChangingOperationsAreAuditedAndReadsAreNot() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    int before = audit.tail(100).size();
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    assertThat(audit.tail(100)).hasSize(before + 1);
    assertThat(audit.tail(1).get(0).type()).isEqualTo("engine_request");
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "get", Map.of("key", "k")));
    assertThat(audit.tail(100)).hasSize(before + 1);
  }

  @Test
  void unknownMountsAndOperationsAreRefused() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    assertThatThrownBy(
            () -> TreeRequests.of(core).handle(ADMIN, new EngineRequest("x", "get", Map.of())))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("mount x not found");
    assertThatThrownBy(
            () ->
                TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "frobnicate", Map.of())))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("unknown operation frobnicate for engine type kv");
  }

  @Test
  void unmountDestroysTheDataAndARemountStartsEmpty() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    TreeRequests.of(core).handle(ADMIN, new EngineRequest("m", "put", put("k", "v")));
    core.mounts().unmount(ADMIN, "m");
    assertThat(kv.opened.get(0).closed).isTrue();
    assertThat(storage.list("engine/m/")).isEmpty();
    assertThat(storage.list("sys/deks/m")).isEmpty();
    assertThat(storage.list("sys/mounts/m")).isEmpty();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ADMIN, new EngineRequest("m", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void policyRulesAreManagedByAdminsAndExplained() {
    unsealed();
    assertThatThrownBy(() -> core.policy().list(ALICE))
        .isInstanceOf(DomainException.Forbidden.class);
    PolicyRule created = core.policy().create(ADMIN, allow(null, 10, "alice", "m", "get"));
    assertThat(created.id()).isNotBlank();
    assertThat(core.policy().get(ADMIN, created.id())).isEqualTo(created);
    assertThatThrownBy(() -> core.policy().create(ADMIN, created))
        .isInstanceOf(DomainException.Conflict.class);

    PolicyRequest aliceGet =
        new PolicyRequest(
            new PolicyRequest.Subject("alice", List.of("user"), "human"),
            new PolicyRequest.Resource(null, null, "m", null),
            "get");
    Explanation e = core.policy().explain(ADMIN, aliceGet);
    assertThat(e.decision()).isEqualTo(Effect.ALLOW);
    assertThat(e.rule()).isEqualTo(created);

    PolicyRule replaced =
        core.policy().replace(ADMIN, created.id(), allow(null, 10, "alice", "m", "put"));
    assertThat(core.policy().explain(ADMIN, aliceGet).decision()).isEqualTo(Effect.DENY);
    assertThat(core.policy().explain(ADMIN, aliceGet).rule()).isNull();
    assertThat(
            core.policy()
                .explain(
                    ADMIN,
                    new PolicyRequest(
                        new PolicyRequest.Subject("root", List.of("admin"), "human"),
                        new PolicyRequest.Resource(null, null, "m", null),
                        "get"))
                .reason())
        .isEqualTo("admin bypass");
    core.policy().delete(ADMIN, replaced.id());
    assertThat(core.policy().list(ADMIN)).isEmpty();
    assertThatThrownBy(() -> core.policy().get(ADMIN, replaced.id()))
        .isInstanceOf(DomainException.NotFound.class);
  }

  @Test
  void rulesAreStoredEncrypted() {
    unsealed();
    core.policy().create(ADMIN, allow("visible-id", 10, "someone-special", "m", "get"));
    for (String key : storage.list("")) {
      String raw =
          new String(storage.get(key).orElseThrow(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(raw).doesNotContain("someone-special");
    }
  }

  @Test
  void closeSealsAndWipes() {
    unsealed();
    core.close();
    assertThat(core.seal().state()).isEqualTo(SealState.SEALED);
  }

  static PolicyRule allow(String id, int priority, String user, String mount, String action) {
    return new PolicyRule(
        id,
        priority,
        Effect.ALLOW,
        "",
        new SubjectMatch(List.of(user), null, null),
        new ResourceMatch(null, null, List.of(mount), null),
        List.of(action));
  }

  /** Authentication is not under test here. */
  static final class NoAuthentication implements DelegatedAuthenticationUseCase {
    @Override
    public IssuedToken login(String u, char[] p, String t, String s) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }

    @Override
    public Caller authenticate(String token, String source) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }

    @Override
    public TokenClaims tokenInfo(String token) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }

    @Override
    public void logout(String token, String source) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }
  }
}
