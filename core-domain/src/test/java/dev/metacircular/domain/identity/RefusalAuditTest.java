package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.audit.RefusalAudit;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Refusals leaving the identity core's ports are audited with caller, action, target and reason,
 * once, without secrets; refusals without a caller are bounded.
 */
class RefusalAuditTest {

  private static List<AuditEvent> refusals(IdentityFixture g) {
    return g.auditEvents(IdentityAuditTypes.REQUEST_REFUSED);
  }

  @Test
  void aNonAdminDeletingAnAccountIsRecordedWithCallerActionTargetAndReason() {
    try (IdentityFixture g = IdentityFixture.create()) {
      Account bob = g.human("bob", Role.USER);
      g.human("alice", Role.USER);
      Caller alice = g.callerFor("alice");

      assertThatThrownBy(() -> g.core.accounts().delete(alice, bob.id()))
          .isInstanceOf(DomainException.Forbidden.class);

      assertThat(refusals(g))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.actor()).isEqualTo(alice.accountId().toString());
                assertThat(e.subject()).isEqualTo(bob.id().toString());
                assertThat(e.sourceAddress()).isEqualTo(IdentityFixture.ADDRESS);
                assertThat(e.details())
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            "action",
                            "accounts.delete",
                            "status",
                            "403",
                            "reason",
                            "admin role required",
                            "username",
                            "alice"));
              });
      assertThat(g.storage.accounts().findById(bob.id())).isPresent();
    }
  }

  @Test
  void anAdminsNotFoundAndConflictAreRecordedToo() {
    try (IdentityFixture g = IdentityFixture.create()) {
      Caller admin = g.admin();
      UUID nobody = UUID.randomUUID();

      assertThatThrownBy(() -> g.core.accounts().delete(admin, nobody))
          .isInstanceOf(DomainException.NotFound.class);
      assertThatThrownBy(
              () ->
                  g.core
                      .accounts()
                      .create(
                          admin,
                          new CreateAccountCommand(
                              "root",
                              AccountType.HUMAN,
                              "another long password".toCharArray(),
                              Set.of(Role.USER))))
          .isInstanceOf(DomainException.Conflict.class);

      assertThat(refusals(g))
          .extracting(
              e -> e.details().get("status"), AuditEvent::subject, e -> e.details().get("action"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("404", nobody.toString(), "accounts.delete"),
              org.assertj.core.groups.Tuple.tuple("409", "root", "accounts.create"));
      assertThat(refusals(g).toString()).doesNotContain("another long password");
    }
  }

  @Test
  void anInvalidTokenIsRecordedWithoutACallerButWithTheAddress() {
    try (IdentityFixture g = IdentityFixture.create()) {
      String forged = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";

      assertThatThrownBy(() -> g.core.tokens().authenticate(forged, "203.0.113.9"))
          .isInstanceOf(DomainException.Unauthenticated.class);
      assertThatThrownBy(() -> g.core.tokens().authenticate(null, "203.0.113.9"))
          .hasMessage("missing token");

      assertThat(refusals(g))
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.actor()).isEmpty();
                assertThat(e.sourceAddress()).isEqualTo("203.0.113.9");
                assertThat(e.details())
                    .containsEntry("action", "tokens.authenticate")
                    .containsEntry("status", "401");
              });
      assertThat(refusals(g).toString()).doesNotContain(forged);
      // validate never refuses: it answers {"valid": false}, and nothing is recorded.
      g.core.tokens().validate(forged);
      assertThat(refusals(g)).hasSize(2);
    }
  }

  @Test
  void anonymousRefusalsAreBoundedAndTheLeftOutOnesCounted() {
    try (IdentityFixture g = IdentityFixture.create()) {
      for (int i = 0; i < 100; i++) {
        assertThatThrownBy(() -> g.core.tokens().authenticate("junk", "203.0.113.9"))
            .isInstanceOf(DomainException.Unauthenticated.class);
      }
      assertThat(refusals(g)).hasSize(RefusalAudit.ANONYMOUS_BURST);

      g.clock.advance(RefusalAudit.ANONYMOUS_REFILL);
      assertThatThrownBy(() -> g.core.tokens().authenticate("junk", "203.0.113.9"))
          .isInstanceOf(DomainException.Unauthenticated.class);

      List<AuditEvent> written = refusals(g);
      assertThat(written).hasSize(RefusalAudit.ANONYMOUS_BURST + 1);
      assertThat(written.get(written.size() - 1).details())
          .containsEntry("suppressed", Integer.toString(100 - RefusalAudit.ANONYMOUS_BURST));

      // An authenticated caller's refusals are never dropped by that bound.
      g.human("alice", Role.USER);
      Caller alice = g.callerFor("alice");
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> g.core.accounts().list(alice))
            .isInstanceOf(DomainException.Forbidden.class);
      }
      assertThat(refusals(g)).hasSize(RefusalAudit.ANONYMOUS_BURST + 1 + 5);
    }
  }

  @Test
  void aWrongCurrentPasswordIsRecordedOnceAsALoginFailure() {
    try (IdentityFixture g = IdentityFixture.create()) {
      g.human("alice", Role.USER);
      Caller alice = g.callerFor("alice");

      assertThatThrownBy(
              () ->
                  g.core
                      .profile()
                      .changePassword(
                          alice,
                          "not the password at all".toCharArray(),
                          "a new long password".toCharArray()))
          .isInstanceOf(DomainException.Unauthenticated.class);

      assertThat(refusals(g)).isEmpty();
      assertThat(g.auditEvents(IdentityAuditTypes.LOGIN_FAILURE)).hasSize(1);
    }
  }

  @Test
  void aDoorsAdminCheckIsRecordedWithTheDoorsAction() {
    try (IdentityFixture g = IdentityFixture.create()) {
      g.human("alice", Role.USER);
      Caller alice = g.callerFor("alice");

      assertThatThrownBy(() -> g.core.tokens().requireAdmin(alice, "/mcias.v1.AccountService/List"))
          .isInstanceOf(DomainException.Forbidden.class);
      assertThat(g.core.tokens().requireAdmin(g.admin(), "x")).isNotNull();

      assertThat(refusals(g))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.actor()).isEqualTo(alice.accountId().toString());
                assertThat(e.details()).containsEntry("action", "/mcias.v1.AccountService/List");
              });
    }
  }

  @Test
  void whenTheRefusalCannotBeAuditedTheRequestFailsClosed() {
    dev.metacircular.domain.memory.InMemoryStorage db =
        dev.metacircular.domain.memory.InMemoryStorage.create();
    java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean(false);
    dev.metacircular.ports.audit.out.AuditLog flaky =
        new dev.metacircular.ports.audit.out.AuditLog() {
          @Override
          public AuditEvent append(AuditEvent event) {
            if (failing.get()) {
              throw new IllegalStateException("disk full");
            }
            return db.audit().append(event);
          }

          @Override
          public List<AuditEvent> query(dev.metacircular.ports.audit.AuditFilter filter) {
            return db.audit().query(filter);
          }

          @Override
          public List<AuditEvent> tail(int n) {
            return db.audit().tail(n);
          }

          @Override
          public void readChain(
              java.util.function.Consumer<dev.metacircular.ports.audit.ChainedEntry> sink) {
            db.audit().readChain(sink);
          }
        };
    IdentityStorage storage =
        new IdentityStorage(
            db.accounts(),
            db.tokens(),
            flaky,
            db.policyRules(),
            db.settings(),
            db.transactions(),
            db.ssoClients(),
            db.authorizationCodes(),
            db.passkeys(),
            db.loginSources(),
            db.recoveryCodes());
    try (IdentityFixture g =
        IdentityFixture.over(
            storage, new dev.metacircular.domain.time.ManualClock(IdentityFixture.START), s -> s)) {
      g.human("alice", Role.USER);
      Caller alice = g.callerFor("alice");
      failing.set(true);

      assertThatThrownBy(() -> g.core.accounts().list(alice)).hasMessage("disk full");
    }
  }
}
