package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.TelemetryEvent.Access;
import dev.metacircular.ports.telemetry.TelemetryEvent.EngineOperation;
import dev.metacircular.ports.telemetry.TelemetryEvent.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the crypto core reports through its telemetry port: the seal's state after every change (and
 * at open), unseal attempts, barrier reads and writes, and engine operations by mount, operation
 * and outcome, never a name a caller made up.
 */
class CryptoTelemetryTest {
  final List<TelemetryEvent> events = new CopyOnWriteArrayList<>();
  final CryptoCore core =
      CryptoCore.open(
          new InMemoryPhysicalStorage(),
          new InMemoryAuditLog(),
          new CryptoCoreTest.NoAuthentication(),
          List.of(new KvEngineType()),
          CryptoCoreTest.CHEAP,
          new ManualClock(Instant.parse("2026-01-01T00:00:00Z")),
          Runnable::run,
          events::add);

  private long count(TelemetryEvent event) {
    return events.stream().filter(event::equals).count();
  }

  private TelemetryEvent lastSealState() {
    return events.stream()
        .filter(e -> e instanceof TelemetryEvent.SealState)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void theSealStateIsReportedAtOpenAndAfterEveryChange() {
    assertThat(lastSealState()).isEqualTo(new TelemetryEvent.SealState(true));
    core.seal().initialize(CryptoCoreTest.PASSWORD.clone());
    assertThat(lastSealState()).isEqualTo(new TelemetryEvent.SealState(false));
    core.seal().seal(CryptoCoreTest.ADMIN);
    assertThat(lastSealState()).isEqualTo(new TelemetryEvent.SealState(true));

    assertThatThrownBy(() -> core.seal().unseal("wrong password".toCharArray(), "10.0.0.9"))
        .isInstanceOf(DomainException.class);
    assertThat(count(new TelemetryEvent.UnsealAttempt(false))).isEqualTo(1);
    assertThat(lastSealState()).isEqualTo(new TelemetryEvent.SealState(true));

    core.seal().unseal(CryptoCoreTest.PASSWORD.clone(), "10.0.0.9");
    assertThat(count(new TelemetryEvent.UnsealAttempt(true))).isEqualTo(1);
    assertThat(lastSealState()).isEqualTo(new TelemetryEvent.SealState(false));
  }

  @Test
  void barrierTrafficIsCountedReadsAndWritesApart() {
    core.seal().initialize(CryptoCoreTest.PASSWORD.clone());
    assertThat(count(new TelemetryEvent.BarrierAccess(Access.WRITE))).isPositive();
    long reads = count(new TelemetryEvent.BarrierAccess(Access.READ));
    core.mounts().list(CryptoCoreTest.ADMIN);
    assertThat(count(new TelemetryEvent.BarrierAccess(Access.READ))).isGreaterThan(reads);
  }

  @Test
  void engineOperationsAreCountedByMountOperationAndOutcomeAndUnknownNamesStayUnknown() {
    core.seal().initialize(CryptoCoreTest.PASSWORD.clone());
    core.mounts().mount(CryptoCoreTest.ADMIN, "kv1", "kv", Map.of());
    core.operations()
        .run(CryptoCoreTest.ADMIN, "kv1", KvEngineType.PUT, new KvEngineType.Put("a", "b"));
    assertThatThrownBy(
            () ->
                core.operations()
                    .run(
                        CryptoCoreTest.ADMIN,
                        "kv1",
                        KvEngineType.GET,
                        new KvEngineType.Get("nothing-here")))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(
            () ->
                core.operations()
                    .run(
                        CryptoCoreTest.ALICE,
                        "kv1",
                        KvEngineType.GET,
                        new KvEngineType.Get("secret-key-name")))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(
            () ->
                core.operations()
                    .run(
                        CryptoCoreTest.ALICE,
                        "made-up-mount",
                        KvEngineType.GET,
                        new KvEngineType.Get("k")))
        .isInstanceOf(DomainException.class);

    assertThat(events)
        .filteredOn(e -> e instanceof EngineOperation)
        .containsExactly(
            new EngineOperation("kv1", "put", Outcome.OK),
            new EngineOperation("kv1", "get", Outcome.REFUSED),
            new EngineOperation("kv1", "get", Outcome.DENIED),
            new EngineOperation(TelemetryEvent.UNKNOWN, TelemetryEvent.UNKNOWN, Outcome.DENIED));
    assertThat(events.toString()).doesNotContain("secret-key-name").doesNotContain("made-up");
  }
}
