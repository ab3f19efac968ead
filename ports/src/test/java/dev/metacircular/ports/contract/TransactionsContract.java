package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.ChainVerdict;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.out.StoredAccount;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Transactions} must show: a unit of work commits as a whole, or rolls
 * back as a whole across every store of the database and rethrows the very exception the work
 * threw; an inner call joins the outer one.
 */
public abstract class TransactionsContract extends StorageContract {

  /** An exception no store would throw, so the test knows it came back unchanged. */
  static final class Boom extends RuntimeException {
    Boom(String message) {
      super(message, new IllegalStateException("cause"));
    }
  }

  private Transactions tx() {
    return fixture().transactions();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static TokenRecord token(String jti, StoredAccount owner) {
    return new TokenRecord(
        jti, owner.id(), TokenRecord.Kind.LOGIN, T0, T0.plus(Duration.ofHours(1)), null, null);
  }

  private static PolicyRule rule(String id, int priority) {
    return new PolicyRule(id, priority, Effect.ALLOW, "rule " + id, null, null, List.of("login"));
  }

  private static AuditEvent event(String type) {
    return AuditEvent.of(T0, type, "alice", "", "", Map.of());
  }

  @Test
  void workCommitsAndItsResultIsReturned() {
    StoredAccount alice = account("alice");

    String result =
        tx().inTransaction(
                () -> {
                  fixture().accounts().insert(alice);
                  fixture().settings().put("k", bytes("v"));
                  return "done";
                });

    assertThat(result).isEqualTo("done");
    assertSameAccount(fixture().accounts().findById(alice.id()).orElseThrow(), alice);
    assertThat(fixture().settings().get("k")).get().isEqualTo(bytes("v"));
  }

  @Test
  void runCommits() {
    tx().run(() -> fixture().policyRules().put(rule("r1", 1)));

    assertThat(fixture().policyRules().find("r1")).contains(rule("r1", 1));
  }

  @Test
  void workSeesItsOwnWrites() {
    boolean seen =
        tx().inTransaction(
                () -> {
                  fixture().accounts().insert(account("alice"));
                  fixture().settings().put("k", bytes("v"));
                  return fixture().accounts().findByUsername("alice").isPresent()
                      && fixture().settings().get("k").isPresent();
                });

    assertThat(seen).isTrue();
  }

  @Test
  void anExceptionRollsBackWritesMadeThroughEveryStoreAndIsRethrownUnchanged() {
    StoredAccount alice = account("alice");
    fixture().accounts().insert(alice);
    fixture().tokens().insert(token("t1", alice));
    fixture().tokens().insert(token("t2", alice));
    fixture().policyRules().put(rule("r1", 10));
    fixture().policyRules().put(rule("r2", 20));
    fixture().settings().put("s1", bytes("one"));
    AuditEvent kept = fixture().audit().append(event(IdentityAuditTypes.ACCOUNT_CREATED));
    StoredAccount bob = account("bob");
    Boom boom = new Boom("work failed");

    Throwable thrown =
        catchThrowable(
            () ->
                tx().run(
                        () -> {
                          fixture().accounts().insert(bob);
                          fixture().accounts().update(changed(alice));
                          fixture().tokens().insert(token("t3", bob));
                          fixture().tokens().revoke("t1", T0, "logout");
                          fixture().tokens().revokeAllForAccount(alice.id(), T0, "all");
                          fixture().tokens().deleteExpired(T0.plus(Duration.ofDays(1)));
                          fixture().audit().append(event(IdentityAuditTypes.ACCOUNT_UPDATED));
                          fixture().policyRules().put(rule("r1", 99));
                          fixture().policyRules().put(rule("r3", 30));
                          fixture().policyRules().delete("r2");
                          fixture().settings().put("s1", bytes("changed"));
                          fixture().settings().put("s2", bytes("new"));
                          fixture().settings().putIfAbsent("s3", bytes("new"));
                          throw boom;
                        }));

    assertThat(thrown).isSameAs(boom);
    assertThat(thrown).hasMessage("work failed");

    assertThat(fixture().accounts().findById(bob.id())).isEmpty();
    assertThat(fixture().accounts().findByUsername("bob")).isEmpty();
    assertSameAccount(fixture().accounts().findById(alice.id()).orElseThrow(), alice);
    assertThat(fixture().accounts().list()).hasSize(1);

    assertThat(fixture().tokens().find("t3")).isEmpty();
    assertThat(fixture().tokens().find("t1").orElseThrow().revoked()).isFalse();
    assertThat(fixture().tokens().find("t2").orElseThrow().revoked()).isFalse();
    assertThat(fixture().tokens().listForAccount(alice.id()))
        .extracting(TokenRecord::jti)
        .containsExactlyInAnyOrder("t1", "t2");

    assertThat(fixture().audit().tail(10)).extracting(AuditEvent::id).containsExactly(kept.id());

    assertThat(fixture().policyRules().list())
        .containsExactlyInAnyOrder(rule("r1", 10), rule("r2", 20));

    assertThat(fixture().settings().get("s1")).get().isEqualTo(bytes("one"));
    assertThat(fixture().settings().get("s2")).isEmpty();
    assertThat(fixture().settings().get("s3")).isEmpty();
  }

  @Test
  void aStoreRefusalInsideTheWorkRollsBackEarlierWrites() {
    fixture().accounts().insert(account("alice"));

    Throwable thrown =
        catchThrowable(
            () ->
                tx().run(
                        () -> {
                          fixture().accounts().insert(account("bob"));
                          fixture().settings().put("k", bytes("v"));
                          fixture().accounts().insert(account("alice"));
                        }));

    assertThat(thrown).isInstanceOf(DomainException.Conflict.class);
    assertThat(fixture().accounts().findByUsername("bob")).isEmpty();
    assertThat(fixture().settings().get("k")).isEmpty();
    assertThat(fixture().accounts().list())
        .extracting(StoredAccount::username)
        .containsExactly("alice");
  }

  @Test
  void nestedCallsCommitTogether() {
    int result =
        tx().inTransaction(
                () -> {
                  fixture().accounts().insert(account("alice"));
                  int inner =
                      tx().inTransaction(
                              () -> {
                                fixture().accounts().insert(account("bob"));
                                return 41;
                              });
                  return inner + 1;
                });

    assertThat(result).isEqualTo(42);
    assertThat(fixture().accounts().list())
        .extracting(StoredAccount::username)
        .containsExactly("alice", "bob");
  }

  @Test
  void anExceptionInTheOuterCallAfterAnInnerCallCompletedRollsBackBoth() {
    Boom boom = new Boom("outer failed");

    Throwable thrown =
        catchThrowable(
            () ->
                tx().run(
                        () -> {
                          fixture().accounts().insert(account("alice"));
                          tx().run(
                                  () -> {
                                    fixture().accounts().insert(account("bob"));
                                    fixture().settings().put("inner", bytes("x"));
                                  });
                          throw boom;
                        }));

    assertThat(thrown).isSameAs(boom);
    assertThat(fixture().accounts().list()).isEmpty();
    assertThat(fixture().settings().get("inner")).isEmpty();
  }

  @Test
  void anExceptionFromAnInnerCallPropagatingOutRollsBackEverything() {
    Boom boom = new Boom("inner failed");

    Throwable thrown =
        catchThrowable(
            () ->
                tx().run(
                        () -> {
                          fixture().accounts().insert(account("alice"));
                          tx().run(
                                  () -> {
                                    fixture().accounts().insert(account("bob"));
                                    throw boom;
                                  });
                        }));

    assertThat(thrown).isSameAs(boom);
    assertThat(fixture().accounts().list()).isEmpty();
  }

  @Test
  void theStoresWorkNormallyAfterARollback() {
    catchThrowable(
        () ->
            tx().run(
                    () -> {
                      fixture().accounts().insert(account("alice"));
                      throw new Boom("first attempt");
                    }));

    tx().run(() -> fixture().accounts().insert(account("alice")));
    fixture().settings().put("after", bytes("ok"));

    assertThat(fixture().accounts().findByUsername("alice")).isPresent();
    assertThat(fixture().settings().get("after")).get().isEqualTo(bytes("ok"));
  }

  @Test
  void writesOutsideAnyTransactionCommitImmediately() {
    fixture().accounts().insert(account("alice"));
    catchThrowable(
        () ->
            tx().run(
                    () -> {
                      throw new Boom("unrelated");
                    }));

    assertThat(fixture().accounts().findByUsername("alice")).isPresent();
  }

  private static StoredAccount changed(StoredAccount a) {
    Instant later = T0.plus(Duration.ofMinutes(5));
    return new StoredAccount(
        a.id(),
        "alice-renamed",
        a.type(),
        AccountStatus.INACTIVE,
        Set.of(Role.ADMIN),
        null,
        new byte[] {9},
        true,
        77,
        3,
        later,
        a.createdAt(),
        later);
  }

  private static AuditEvent logout(int second) {
    return AuditEvent.of(
        T0.plusSeconds(second), IdentityAuditTypes.LOGOUT, "alice", "", "", Map.of());
  }

  @Test
  void aRolledBackAppendLeavesNoGapInTheAuditChain() {
    fixture().audit().append(logout(0));
    try {
      fixture()
          .transactions()
          .inTransaction(
              () -> {
                fixture().audit().append(logout(1));
                throw new IllegalStateException("roll back");
              });
    } catch (IllegalStateException expected) {
      // the second append is gone, and its link with it
    }
    fixture().audit().append(logout(2));

    AuditChain.Verifier verifier = new AuditChain.Verifier();
    fixture().audit().readChain(verifier::accept);
    assertThat(verifier.verdict()).isInstanceOf(ChainVerdict.Intact.class);
    assertThat(((ChainVerdict.Intact) verifier.verdict()).entries()).isEqualTo(2);
  }
}
