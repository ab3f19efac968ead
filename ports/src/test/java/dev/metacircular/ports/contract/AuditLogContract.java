package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.audit.AuditChain;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.ChainVerdict;
import dev.metacircular.ports.audit.ChainedEntry;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuditLog} must show. "Newest first" orders by time and, between events
 * of the same time, by append order (the later append first). {@code since} is inclusive.
 */
public abstract class AuditLogContract extends StorageContract {

  /** Whole milliseconds, so that time filters have a sharp boundary on every store. */
  private static final Instant BASE = millis(T0);

  private AuditLog log() {
    return fixture().audit();
  }

  private static AuditEvent event(int second, String type, String actor, String subject) {
    return AuditEvent.of(BASE.plusSeconds(second), type, actor, subject, "", Map.of());
  }

  private List<AuditEvent> appendAll(AuditEvent... events) {
    List<AuditEvent> stored = new ArrayList<>();
    for (AuditEvent e : events) {
      stored.add(log().append(e));
    }
    return stored;
  }

  private static void assertSameEvent(AuditEvent actual, AuditEvent expected) {
    assertThat(actual.id()).as("id").isEqualTo(expected.id());
    assertThat(millis(actual.time())).as("time").isEqualTo(millis(expected.time()));
    assertThat(actual.type()).as("type").isEqualTo(expected.type());
    assertThat(actual.actor()).as("actor").isEqualTo(expected.actor());
    assertThat(actual.subject()).as("subject").isEqualTo(expected.subject());
    assertThat(actual.sourceAddress()).as("sourceAddress").isEqualTo(expected.sourceAddress());
    assertThat(actual.details()).as("details").isEqualTo(expected.details());
  }

  @Test
  void aNewLogIsEmpty() {
    assertThat(log().query(AuditFilter.latest(10))).isEmpty();
    assertThat(log().tail(10)).isEmpty();
  }

  @Test
  void appendAssignsPositiveIncreasingIdsAndKeepsEverythingElse() {
    AuditEvent first = event(0, IdentityAuditTypes.LOGIN_SUCCESS, "alice", "");
    AuditEvent second = event(1, IdentityAuditTypes.LOGOUT, "alice", "jti-1");

    AuditEvent a = log().append(first);
    AuditEvent b = log().append(second);

    assertThat(a.id()).isPositive();
    assertThat(b.id()).isGreaterThan(a.id());
    assertSameEvent(a, first.withId(a.id()));
    assertSameEvent(b, second.withId(b.id()));
  }

  @Test
  void anAppendedEventRoundTripsEveryField() {
    AuditEvent full =
        AuditEvent.of(
            T0,
            IdentityAuditTypes.LOGIN_FAILURE,
            "5f0c6f2e-8b1a-4c1e-9d1a-2f3b4c5d6e7f",
            "alice",
            "2001:db8::1",
            Map.of("reason", "invalid credentials", "service", "metacrypt", "quote", "a\"b,c"));
    AuditEvent stored = log().append(full);

    List<AuditEvent> read = log().query(AuditFilter.latest(10));
    assertThat(read).hasSize(1);
    assertSameEvent(read.get(0), full.withId(stored.id()));
    assertThat(millis(read.get(0).time())).isEqualTo("2025-06-01T10:15:30.123Z");
    assertSameEvent(log().tail(1).get(0), full.withId(stored.id()));
  }

  @Test
  void emptyFieldsRoundTripAsEmpty() {
    AuditEvent bare = AuditEvent.of(BASE, "custom_type", null, null, null, null);
    log().append(bare);

    AuditEvent read = log().tail(1).get(0);
    assertThat(read.actor()).isEmpty();
    assertThat(read.subject()).isEmpty();
    assertThat(read.sourceAddress()).isEmpty();
    assertThat(read.details()).isEmpty();
    assertThat(read.type()).isEqualTo("custom_type");
  }

  @Test
  void queryListsNewestFirst() {
    appendAll(
        event(0, IdentityAuditTypes.LOGIN_SUCCESS, "alice", ""),
        event(1, IdentityAuditTypes.TOKEN_ISSUED, "alice", "jti-1"),
        event(2, IdentityAuditTypes.LOGOUT, "alice", "jti-1"));

    assertThat(log().query(AuditFilter.latest(10)))
        .extracting(AuditEvent::type)
        .containsExactly(
            IdentityAuditTypes.LOGOUT,
            IdentityAuditTypes.TOKEN_ISSUED,
            IdentityAuditTypes.LOGIN_SUCCESS);
  }

  @Test
  void eventsOfTheSameTimeAreListedLatestAppendFirst() {
    List<AuditEvent> stored =
        appendAll(
            event(0, "first", "alice", ""),
            event(0, "second", "alice", ""),
            event(0, "third", "alice", ""));

    assertThat(log().query(AuditFilter.latest(10)))
        .extracting(AuditEvent::id)
        .containsExactly(stored.get(2).id(), stored.get(1).id(), stored.get(0).id());
    assertThat(log().tail(3))
        .extracting(AuditEvent::type)
        .containsExactly("first", "second", "third");
  }

  @Test
  void queryReturnsAtMostLimitNewestEvents() {
    for (int i = 0; i < 5; i++) {
      log().append(event(i, "e" + i, "alice", ""));
    }

    assertThat(log().query(AuditFilter.latest(2)))
        .extracting(AuditEvent::type)
        .containsExactly("e4", "e3");
    assertThat(log().query(AuditFilter.latest(1)))
        .extracting(AuditEvent::type)
        .containsExactly("e4");
    assertThat(log().query(AuditFilter.latest(100))).hasSize(5);
  }

  @Test
  void actorOrSubjectMatchesEitherField() {
    appendAll(
        event(0, "as-actor", "alice", "bob"),
        event(1, "as-subject", "carol", "alice"),
        event(2, "unrelated", "bob", "carol"),
        event(3, "prefix-only", "alice2", "xalice"));

    assertThat(log().query(new AuditFilter("alice", null, null, 10)))
        .extracting(AuditEvent::type)
        .containsExactly("as-subject", "as-actor");
  }

  @Test
  void typeFilterMatchesExactly() {
    appendAll(
        event(0, IdentityAuditTypes.LOGIN_FAILURE, "alice", ""),
        event(1, IdentityAuditTypes.LOGIN_SUCCESS, "alice", ""),
        event(2, IdentityAuditTypes.LOGIN_FAILURE, "bob", ""));

    assertThat(log().query(new AuditFilter(null, IdentityAuditTypes.LOGIN_FAILURE, null, 10)))
        .extracting(AuditEvent::actor)
        .containsExactly("bob", "alice");
    assertThat(log().query(new AuditFilter(null, "login", null, 10))).isEmpty();
  }

  @Test
  void sinceKeepsEventsAtOrAfterTheInstant() {
    appendAll(
        event(0, "before", "alice", ""),
        event(10, "at", "alice", ""),
        event(20, "after", "alice", ""));

    assertThat(log().query(new AuditFilter(null, null, BASE.plusSeconds(10), 10)))
        .extracting(AuditEvent::type)
        .containsExactly("after", "at");
    assertThat(log().query(new AuditFilter(null, null, BASE.plusSeconds(21), 10))).isEmpty();
  }

  @Test
  void filtersCombineAndTheLimitAppliesAfterFiltering() {
    appendAll(
        event(0, IdentityAuditTypes.LOGIN_FAILURE, "alice", ""),
        event(1, IdentityAuditTypes.LOGIN_FAILURE, "alice", ""),
        event(2, IdentityAuditTypes.LOGIN_FAILURE, "bob", ""),
        event(3, IdentityAuditTypes.LOGIN_SUCCESS, "alice", ""),
        event(4, IdentityAuditTypes.LOGIN_FAILURE, "alice", ""),
        event(5, IdentityAuditTypes.LOGIN_FAILURE, "alice", ""),
        event(6, IdentityAuditTypes.LOGIN_FAILURE, "carol", ""));

    List<AuditEvent> found =
        log()
            .query(
                new AuditFilter("alice", IdentityAuditTypes.LOGIN_FAILURE, BASE.plusSeconds(1), 2));

    assertThat(found)
        .extracting(e -> e.time())
        .containsExactly(BASE.plusSeconds(5), BASE.plusSeconds(4));
  }

  @Test
  void tailReturnsTheLastEventsOldestFirst() {
    for (int i = 0; i < 5; i++) {
      log().append(event(i, "e" + i, "alice", ""));
    }

    assertThat(log().tail(3)).extracting(AuditEvent::type).containsExactly("e2", "e3", "e4");
    assertThat(log().tail(1)).extracting(AuditEvent::type).containsExactly("e4");
    assertThat(log().tail(50))
        .extracting(AuditEvent::type)
        .containsExactly("e0", "e1", "e2", "e3", "e4");
  }

  private List<ChainedEntry> chain() {
    List<ChainedEntry> chain = new ArrayList<>();
    log().readChain(chain::add);
    return chain;
  }

  @Test
  void everyAppendIsLinkedToTheOneBeforeIt() {
    List<AuditEvent> stored =
        appendAll(
            event(0, IdentityAuditTypes.LOGIN_SUCCESS, "alice", ""),
            new AuditEvent(
                0,
                BASE.plusSeconds(1),
                IdentityAuditTypes.ROLES_CHANGED,
                "admin",
                "alice",
                "192.0.2.7",
                Map.of("roles", "admin,user", "before", "user")),
            event(2, IdentityAuditTypes.LOGOUT, "alice", "jti-1"));

    List<ChainedEntry> chain = chain();

    assertThat(chain)
        .extracting(c -> c.event().id())
        .containsExactlyElementsOf(stored.stream().map(AuditEvent::id).toList());
    byte[] previous = AuditChain.genesis();
    for (ChainedEntry entry : chain) {
      assertThat(entry.previousHash()).isEqualTo(previous);
      assertThat(entry.hash()).isEqualTo(AuditChain.link(previous, entry.event()));
      previous = entry.hash();
    }
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    chain.forEach(verifier::accept);
    assertThat(verifier.verdict())
        .isEqualTo(new ChainVerdict.Intact(3, stored.get(2).id(), AuditChain.hex(previous)));
  }

  @Test
  void anEmptyLogHasAnEmptyIntactChain() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    chain().forEach(verifier::accept);
    assertThat(verifier.verdict()).isEqualTo(new ChainVerdict.Intact(0, 0, ""));
  }
}
