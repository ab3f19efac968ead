package dev.metacircular.ports.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The chain definition and its verifier: every edit, deletion and reordering is named. */
class AuditChainTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** A chain as an append would build it. */
  private static List<ChainedEntry> chained(List<AuditEvent> events) {
    List<ChainedEntry> chain = new ArrayList<>();
    byte[] previous = AuditChain.genesis();
    long id = 0;
    for (AuditEvent e : events) {
      AuditEvent stored = e.withId(++id);
      byte[] hash = AuditChain.link(previous, stored);
      chain.add(new ChainedEntry(stored, previous, hash));
      previous = hash;
    }
    return chain;
  }

  private static ChainVerdict verify(List<ChainedEntry> chain) {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    chain.forEach(verifier::accept);
    return verifier.verdict();
  }

  @Provide
  Arbitrary<AuditEvent> events() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<Map<String, String>> details =
        Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), text)
            .ofMaxSize(3);
    return Combinators.combine(
            Arbitraries.longs().between(0, 10_000_000),
            text.filter(s -> !s.isEmpty()),
            text,
            text,
            text,
            details)
        .as(
            (ms, type, actor, subject, source, d) ->
                AuditEvent.of(T0.plusMillis(ms), type, actor, subject, source, d));
  }

  @Property(tries = 200)
  void anUntouchedChainVerifies(
      @ForAll @Size(max = 8) List<@net.jqwik.api.From("events") AuditEvent> events) {
    List<ChainedEntry> chain = chained(events);
    ChainVerdict verdict = verify(chain);
    assertThat(verdict).isInstanceOf(ChainVerdict.Intact.class);
    assertThat(((ChainVerdict.Intact) verdict).entries()).isEqualTo(events.size());
  }

  @Property(tries = 300)
  void editingAnyFieldOfAnyEntryNamesThatEntry(
      @ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("events") AuditEvent> events,
      @ForAll @IntRange(min = 0, max = 7) int which,
      @ForAll @IntRange(min = 0, max = 6) int field) {
    List<ChainedEntry> chain = chained(events);
    int index = which % chain.size();
    ChainedEntry original = chain.get(index);
    AuditEvent e = original.event();
    AuditEvent edited =
        switch (field) {
          case 0 ->
              new AuditEvent(
                  e.id(),
                  e.time().plusMillis(1),
                  e.type(),
                  e.actor(),
                  e.subject(),
                  e.sourceAddress(),
                  e.details());
          case 1 ->
              new AuditEvent(
                  e.id(),
                  e.time(),
                  e.type() + "x",
                  e.actor(),
                  e.subject(),
                  e.sourceAddress(),
                  e.details());
          case 2 ->
              new AuditEvent(
                  e.id(),
                  e.time(),
                  e.type(),
                  e.actor() + "x",
                  e.subject(),
                  e.sourceAddress(),
                  e.details());
          case 3 ->
              new AuditEvent(
                  e.id(),
                  e.time(),
                  e.type(),
                  e.actor(),
                  e.subject() + "x",
                  e.sourceAddress(),
                  e.details());
          case 4 ->
              new AuditEvent(
                  e.id(),
                  e.time(),
                  e.type(),
                  e.actor(),
                  e.subject(),
                  e.sourceAddress() + "x",
                  e.details());
          case 5 -> {
            Map<String, String> d = new HashMap<>(e.details());
            d.merge("k", "x", String::concat);
            yield new AuditEvent(
                e.id(), e.time(), e.type(), e.actor(), e.subject(), e.sourceAddress(), d);
          }
          default ->
              new AuditEvent(
                  e.id() + 100,
                  e.time(),
                  e.type(),
                  e.actor(),
                  e.subject(),
                  e.sourceAddress(),
                  e.details());
        };
    chain.set(index, new ChainedEntry(edited, original.previousHash(), original.hash()));

    ChainVerdict verdict = verify(chain);

    assertThat(verdict).isInstanceOf(ChainVerdict.Broken.class);
    ChainVerdict.Broken broken = (ChainVerdict.Broken) verdict;
    assertThat(broken.entryId()).isEqualTo(edited.id());
    assertThat(broken.problem()).isEqualTo("edited");
    assertThat(broken.checkedBefore()).isEqualTo(index);
  }

  @Property(tries = 200)
  void deletingAnEntryBeforeTheNewestNamesItsSuccessor(
      @ForAll @Size(min = 2, max = 8) List<@net.jqwik.api.From("events") AuditEvent> events,
      @ForAll @IntRange(min = 0, max = 6) int which) {
    List<ChainedEntry> chain = chained(events);
    int index = which % (chain.size() - 1);
    long successor = chain.get(index + 1).event().id();
    chain.remove(index);

    ChainVerdict verdict = verify(chain);

    assertThat(verdict).isInstanceOf(ChainVerdict.Broken.class);
    assertThat(((ChainVerdict.Broken) verdict).entryId()).isEqualTo(successor);
    assertThat(((ChainVerdict.Broken) verdict).problem()).isEqualTo("missing predecessor");
  }

  @Test
  void anEntryStrippedOfItsHashesIsNamed() {
    List<ChainedEntry> chain =
        chained(
            List.of(
                AuditEvent.of(T0, "a", "", "", "", Map.of()),
                AuditEvent.of(T0, "b", "", "", "", Map.of())));
    chain.set(0, new ChainedEntry(chain.get(0).event(), null, null));

    ChainVerdict verdict = verify(chain);

    assertThat(verdict)
        .isEqualTo(
            new ChainVerdict.Broken(1, "unchained", ((ChainVerdict.Broken) verdict).detail(), 0));
  }

  @Test
  void anAnchorDetectsARewrittenOrTruncatedLog() {
    List<AuditEvent> events =
        List.of(
            AuditEvent.of(T0, "a", "", "", "", Map.of()),
            AuditEvent.of(T0, "b", "", "", "", Map.of()),
            AuditEvent.of(T0, "c", "", "", "", Map.of()));
    List<ChainedEntry> chain = chained(events);
    AuditChain.Anchor anchor = new AuditChain.Anchor(3, AuditChain.hex(chain.get(2).hash()));

    AuditChain.Verifier honest = new AuditChain.Verifier(anchor);
    chain.forEach(honest::accept);
    assertThat(honest.verdict()).isInstanceOf(ChainVerdict.Intact.class);

    // Rewritten from entry 2 on, every hash recomputed: only the anchor can tell.
    List<AuditEvent> rewritten = new ArrayList<>(events);
    rewritten.set(1, AuditEvent.of(T0, "innocent", "", "", "", Map.of()));
    AuditChain.Verifier forged = new AuditChain.Verifier(anchor);
    chained(rewritten).forEach(forged::accept);
    assertThat(forged.verdict()).isInstanceOf(ChainVerdict.Broken.class);
    assertThat(((ChainVerdict.Broken) forged.verdict()).problem()).isEqualTo("anchor mismatch");

    // The newest entry deleted: the anchored one is missing.
    AuditChain.Verifier truncated = new AuditChain.Verifier(anchor);
    chain.subList(0, 2).forEach(truncated::accept);
    assertThat(truncated.verdict()).isInstanceOf(ChainVerdict.Broken.class);
    assertThat(((ChainVerdict.Broken) truncated.verdict()).entryId()).isEqualTo(3);
  }

  @Test
  void theEncodingSeparatesFields() {
    AuditEvent a = AuditEvent.of(T0, "t", "ab", "c", "", Map.of());
    AuditEvent b = AuditEvent.of(T0, "t", "a", "bc", "", Map.of());
    assertThat(AuditChain.canonical(a)).isNotEqualTo(AuditChain.canonical(b));
    assertThatThrownBy(() -> AuditChain.link(new byte[3], a))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
